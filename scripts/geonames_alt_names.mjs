// Helper for scripts/basemap_mesh.mjs (places): the alternate names of GeoNames places in the
// languages that help the Middle East, read from Debian's libgeonames-common. That package ships
// /usr/share/locale/<lang>/LC_MESSAGES/geonames.mo, gettext catalogues whose msgids are GeoNames
// ids ("98182") and whose msgstrs are the place's name in that language ("بغداد"); the data is
// GeoNames' (CC BY 4.0, /usr/share/doc/libgeonames-common/copyright).
//
// A place keeps a name of a language only when it differs from its main name and from the
// names already kept once folded (case, accents, Arabic hamza/alef forms, harakat, tatweel), so
// "Baghdad" (en) and "Bağdat" (tr, folds to "bagdat") are dropped or kept as they add a way in.
// The field is "langs:name|langs:name", e.g. "ar,fa:بغداد|he:בגדאד|tr:Bağdat|fr,de:Bagdad|…".

import fs from 'node:fs';
import path from 'node:path';

// Order matters twice: the first language of a name spells it (later ones add their tag), and
// the order of the names in the field is this one.
export const LANGS = ['ar', 'fa', 'ckb', 'ku', 'he', 'tr', 'fr', 'de', 'ru', 'en'];
export const LOCALE_DIR = process.env.GEONAMES_LOCALE_DIR || '/usr/share/locale';

// A GNU .mo file as a Map msgid -> msgstr (both UTF-8).
export function readMo(file) {
  const buf = fs.readFileSync(file);
  let le;
  if (buf.readUInt32LE(0) === 0x950412de) le = true;
  else if (buf.readUInt32BE(0) === 0x950412de) le = false;
  else throw new Error(`${file}: not a .mo file`);
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const n = u32(8), orig = u32(12), trans = u32(16);
  const str = (table, i) => {
    const len = u32(table + 8 * i), off = u32(table + 8 * i + 4);
    if (off + len > buf.length) throw new Error(`${file}: entry ${i} past the end`);
    return buf.toString('utf8', off, off + len);
  };
  const map = new Map();
  for (let i = 0; i < n; i++) {
    const id = str(orig, i);
    if (id) map.set(id, str(trans, i));
  }
  return map;
}

// Folding close to core/text_fold.cpp (the app's), used only to drop names that add nothing.
export function foldName(s) {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u02bb\u02bc\u02be\u02bf'`\u2018\u2019\u00b4]/g, '')
    .replace(/[\u064b-\u065f\u0670\u0640\u0610-\u061a]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u0649\u06cc]/g, '\u064a')
    .replace(/\u06a9/g, '\u0643')
    .replace(/ß/g, 'ss').replace(/æ/gi, 'ae').replace(/œ/gi, 'oe')
    .toLowerCase()
    .replace(/\u0451/g, '\u0435')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// The catalogues of LANGS present under `localeDir`: [{lang, names: Map}], and the ones missing.
export function readCatalogues(localeDir = LOCALE_DIR) {
  const found = [], missing = [];
  for (const lang of LANGS) {
    const file = path.join(localeDir, lang, 'LC_MESSAGES', 'geonames.mo');
    if (fs.existsSync(file)) found.push({ lang, names: readMo(file) });
    else missing.push(lang);
  }
  if (!found.length) throw new Error(`no geonames.mo under ${localeDir} (apt-get install libgeonames-common)`);
  return { found, missing };
}

// The "alt_names" field of place (id, name); counts[lang] += 1 for each language that landed.
export function altNamesOf(id, mainName, catalogues, counts) {
  const entries = []; // {langs: [], name}
  const seen = new Map([[foldName(mainName), null]]);
  for (const { lang, names } of catalogues) {
    const raw = names.get(String(id));
    if (!raw) continue;
    const name = raw.trim().replace(/[|\t\n\r]/g, ' ');
    const key = foldName(name);
    if (!key) continue;
    if (seen.has(key)) {
      const e = seen.get(key);
      if (e && !e.langs.includes(lang)) { e.langs.push(lang); counts[lang] = (counts[lang] || 0) + 1; }
      continue;
    }
    const e = { langs: [lang], name };
    seen.set(key, e);
    entries.push(e);
    counts[lang] = (counts[lang] || 0) + 1;
  }
  return entries.map((e) => `${e.langs.join(',')}:${e.name}`).join('|');
}
