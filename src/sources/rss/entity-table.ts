/**
 * HTML named character references that feeds use outside their DTD: the 253 of HTML 4 (with HTML 5's
 * code points for `lang`/`rang`) and HTML 5's ASCII punctuation names. Embedded rather than imported:
 * the `entities` package is only a transitive dependency here (rss-parser pins v2, cheerio hoists v4),
 * and the full HTML 5 list (2,231 names, mostly mathematics) adds nothing French feeds use.
 */

/** U+00A0 to U+00FF in order: HTML 4's Latin-1 names. */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
  'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring ' +
  'AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml ' +
  'times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil ' +
  'egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ' +
  'ugrave uacute ucirc uuml yacute thorn yuml';

/** Greek capitals from U+0391 and small letters from U+03B1 (U+03A2 is unassigned; `sigmaf` fills it below). */
const GREEK = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho';
const GREEK_TAIL = 'sigma tau upsilon phi chi psi omega';

/** `name:code point` pairs for the rest (decimal code points). */
const OTHERS =
  'quot:34 amp:38 apos:39 lt:60 gt:62 OElig:338 oelig:339 Scaron:352 scaron:353 Yuml:376 fnof:402 circ:710 ' +
  'tilde:732 sigmaf:962 thetasym:977 upsih:978 piv:982 ensp:8194 emsp:8195 thinsp:8201 zwnj:8204 zwj:8205 ' +
  'lrm:8206 rlm:8207 ndash:8211 mdash:8212 lsquo:8216 rsquo:8217 sbquo:8218 ldquo:8220 rdquo:8221 bdquo:8222 ' +
  'dagger:8224 Dagger:8225 bull:8226 hellip:8230 permil:8240 prime:8242 Prime:8243 lsaquo:8249 rsaquo:8250 ' +
  'oline:8254 frasl:8260 euro:8364 image:8465 weierp:8472 real:8476 trade:8482 alefsym:8501 larr:8592 ' +
  'uarr:8593 rarr:8594 darr:8595 harr:8596 crarr:8629 lArr:8656 uArr:8657 rArr:8658 dArr:8659 hArr:8660 ' +
  'forall:8704 part:8706 exist:8707 empty:8709 nabla:8711 isin:8712 notin:8713 ni:8715 prod:8719 sum:8721 ' +
  'minus:8722 lowast:8727 radic:8730 prop:8733 infin:8734 ang:8736 and:8743 or:8744 cap:8745 cup:8746 ' +
  'int:8747 there4:8756 sim:8764 cong:8773 asymp:8776 ne:8800 equiv:8801 le:8804 ge:8805 sub:8834 sup:8835 ' +
  'nsub:8836 sube:8838 supe:8839 oplus:8853 otimes:8855 perp:8869 sdot:8901 lceil:8968 rceil:8969 ' +
  'lfloor:8970 rfloor:8971 lang:10216 rang:10217 loz:9674 spades:9824 clubs:9827 hearts:9829 diams:9830 ' +
  // HTML 5 additions seen in the wild: ASCII punctuation, spaces, hyphens, a few symbols.
  'Tab:9 NewLine:10 excl:33 QUOT:34 num:35 dollar:36 percnt:37 AMP:38 lpar:40 rpar:41 ast:42 plus:43 ' +
  'comma:44 period:46 sol:47 colon:58 semi:59 LT:60 equals:61 GT:62 quest:63 commat:64 lsqb:91 lbrack:91 ' +
  'bsol:92 rsqb:93 rbrack:93 Hat:94 lowbar:95 grave:96 lcub:123 lbrace:123 verbar:124 vert:124 VerticalLine:124 ' +
  'rcub:125 rbrace:125 NonBreakingSpace:160 COPY:169 REG:174 half:189 dash:8208 hyphen:8208 numsp:8199 ' +
  'puncsp:8200 hairsp:8202 ThinSpace:8201 lsquor:8218 rsquor:8217 ldquor:8222 rdquor:8221 bullet:8226 ' +
  'mldr:8230 nldr:8229 TRADE:8482 rightarrow:8594 leftarrow:8592 check:10003 cross:10007 starf:9733 ' +
  'star:9734 phone:9742 female:9792 male:9794 sharp:9839 flat:9837 natural:9838';

function build(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  LATIN1.split(' ').forEach((name, i) => map.set(name, String.fromCodePoint(0xa0 + i)));
  GREEK.split(' ').forEach((name, i) => {
    map.set(name[0]!.toUpperCase() + name.slice(1), String.fromCodePoint(0x391 + i));
    map.set(name, String.fromCodePoint(0x3b1 + i));
  });
  GREEK_TAIL.split(' ').forEach((name, i) => {
    map.set(name[0]!.toUpperCase() + name.slice(1), String.fromCodePoint(0x3a3 + i));
    map.set(name, String.fromCodePoint(0x3c3 + i));
  });
  for (const pair of OTHERS.split(' ')) {
    const [name, code] = pair.split(':') as [string, string];
    map.set(name, String.fromCodePoint(Number(code)));
  }
  return map;
}

/** Name (case-sensitive, without `&` and `;`) → the characters it stands for. */
export const HTML_ENTITIES: ReadonlyMap<string, string> = build();

/** The five references XML itself defines: left for the XML parser. */
export const XML_ENTITY_NAMES: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
