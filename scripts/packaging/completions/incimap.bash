# bash completion for incimap. Installed as share/bash-completion/completions/incimap;
# tests/install/cli_docs_test.sh checks it offers every option `incimap COMMAND --help` lists.

_incimap() {
    local cur prev words cword
    _init_completion || return

    local reader="--layer --time-field --end-field --time-of-day-field --category-field --size-field --date-order
        --allow-network --memory-budget --attributes"
    local timebox="--from --to --bbox"
    local command="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            info | render | export | animate) command=${words[i]}; break ;;
        esac
    done

    local opts files_ext='geojson|json|geojsonl|geojsons|csv|kml|gpkg|shp|fgb|gpx'
    case $command in
        info) opts="-h --help --pretty $reader" ;;
        render)
            opts="-h --help -o --output --size $timebox --center --zoom --mode --fade --projection --legend
                --heat --select --stats --pushdown --basemap --basemap-opacity --basemap-quiet
                --center-on --bookmark --compare-from --compare-to --within --rings $reader" ;;
        export)
            opts="-h --help -o --output $timebox --category --search --format --skip-undated
                --within $reader" ;;
        animate)
            opts="-h --help -o --output --size $timebox --center --zoom --mode --fade --projection --legend
                --heat --category --search --skip-undated --step --window --fps --title --hold-last
                --max-frames --quiet --within $reader" ;;
        *) opts="-h --help --version --paths --session --ready-file --test-mode --frame-log $reader" ;;
    esac

    case $prev in
        --date-order) mapfile -t COMPREPLY < <(compgen -W "dmy mdy" -- "$cur"); return ;;
        --attributes) mapfile -t COMPREPLY < <(compgen -W "auto memory file" -- "$cur"); return ;;
        --mode) mapfile -t COMPREPLY < <(compgen -W "window cumulative fade" -- "$cur"); return ;;
        --pushdown) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --basemap) _filedir '@(tif|tiff|mbtiles)'; COMPREPLY+=($(compgen -W "offline none" -- "$cur")); return ;;
        --basemap-opacity) return ;;
        --format) mapfile -t COMPREPLY < <(compgen -W "GeoJSON CSV GPKG" -- "$cur"); return ;;
        --projection) mapfile -t COMPREPLY < <(compgen -W "EPSG:3857 EPSG:4326" -- "$cur"); return ;;
        -o | --output | --session | --ready-file | --frame-log | --within) _filedir; return ;;
        --layer | --time-field | --end-field | --time-of-day-field | --category-field | --size-field | --memory-budget | \
            --from | --to | --bbox | --center | --zoom | --size | --select | --category | --search | \
            --center-on | --bookmark | --compare-from | --compare-to | --rings | \
            --step | --window | --fps | --title | --hold-last | --max-frames)
            return ;;
    esac

    if [[ $cur == -* ]]; then
        # shellcheck disable=SC2207 # words without blanks
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    if [[ -z $command ]]; then
        mapfile -t COMPREPLY < <(compgen -W "info render export animate" -- "$cur")
    fi
    _filedir "$files_ext" # appends the data files (and folders)
} && complete -F _incimap incimap
