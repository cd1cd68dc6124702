import type { CardPerson } from './people';

export type CardSide = 'front' | 'back';

/** Card size in SVG units: 85.6 × 54 mm (ISO/IEC 7810 ID-1) at 10 units a millimetre. */
export const CARD_WIDTH = 856;
export const CARD_HEIGHT = 540;

const FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif";
const LABEL = '#3d7fb6';
const INK = '#161616';

/** Where the 公民身份号码 digits sit on the front, in card units (for glare and crops). */
export const NUMBER_BOX = { x: 300, y: 432, width: 520, height: 56 } as const;

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function text(
  x: number,
  y: number,
  content: string,
  o: { size: number; fill?: string; weight?: number; spacing?: number },
): string {
  const spacing = o.spacing ? ` letter-spacing="${o.spacing}"` : '';
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${o.size}" font-weight="${o.weight ?? 400}" fill="${o.fill ?? INK}"${spacing}>${escapeXml(content)}</text>`;
}

/** Splits an address into the card's lines (11 characters each, as the printed card wraps). */
export function wrapAddress(address: string, perLine = 11): string[] {
  const chars = Array.from(address);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += perLine) lines.push(chars.slice(i, i + perLine).join(''));
  return lines;
}

/** The printed date of 有效期限: 2012.06.18 */
function dotted(date: string): string {
  return date === '长期' ? date : date.replace(/-/g, '.');
}

/** Faint security print: waves across the card, like the guilloche of the real card. */
function guilloche(): string {
  const paths: string[] = [];
  for (let row = 0; row < 14; row++) {
    const y0 = 30 + row * 38;
    let d = `M 0 ${y0}`;
    for (let x = 0; x <= CARD_WIDTH; x += 24) {
      const y = y0 + Math.sin((x + row * 31) / 46) * 9 + Math.sin((x - row * 17) / 113) * 6;
      d += ` L ${x} ${y.toFixed(1)}`;
    }
    paths.push(`<path d="${d}" fill="none" stroke="#9cc3d8" stroke-width="1.4" opacity="0.45"/>`);
  }
  return paths.join('');
}

function background(): string {
  return `<defs>
      <linearGradient id="cardTint" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="#e9f1f4"/>
        <stop offset="0.55" stop-color="#f3f1ea"/>
        <stop offset="1" stop-color="#f1e6e2"/>
      </linearGradient>
      <clipPath id="cardClip"><rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" rx="32"/></clipPath>
    </defs>
    <g clip-path="url(#cardClip)">
      <rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="url(#cardTint)"/>
      ${guilloche()}
    </g>`;
}

/** A plain portrait: head and shoulders on a light printed ground (no real face). */
function portrait(person: CardPerson): string {
  const hair = person.sex === '女' ? '#2a211c' : '#1d1d1f';
  const long =
    person.sex === '女'
      ? '<path d="M 628 150 Q 625 300 660 330 L 790 330 Q 820 300 812 150 Z" fill="#2a211c"/>'
      : '';
  return `<rect x="600" y="58" width="226" height="282" fill="#f1f2f0"/>
    ${long}
    <path d="M 615 340 Q 620 262 712 250 Q 806 262 812 340 Z" fill="#3b4656"/>
    <rect x="693" y="218" width="38" height="40" fill="#d9b394"/>
    <ellipse cx="712" cy="170" rx="56" ry="70" fill="#e3c0a2"/>
    <path d="M 654 160 Q 656 96 712 94 Q 770 96 770 160 Q 748 120 712 122 Q 676 122 654 160 Z" fill="${hair}"/>
    <ellipse cx="692" cy="170" rx="6" ry="4" fill="#3a2c25"/>
    <ellipse cx="732" cy="170" rx="6" ry="4" fill="#3a2c25"/>
    <path d="M 698 208 Q 712 216 726 208" stroke="#9c5b4c" stroke-width="3" fill="none"/>`;
}

function front(person: CardPerson): string {
  const [year, month, day] = person.birthDate.split('-').map(Number) as [number, number, number];
  const address = wrapAddress(person.address)
    .slice(0, 3)
    .map((line, i) => text(150, 300 + i * 40, line, { size: 29 }))
    .join('');
  return `${background()}
    ${portrait(person)}
    ${text(56, 100, '姓 名', { size: 24, fill: LABEL })}
    ${text(150, 102, person.name, { size: 36, weight: 500 })}
    ${text(56, 164, '性 别', { size: 24, fill: LABEL })}
    ${text(150, 166, person.sex, { size: 30 })}
    ${text(250, 164, '民 族', { size: 24, fill: LABEL })}
    ${text(336, 166, person.ethnicity, { size: 30 })}
    ${text(56, 228, '出 生', { size: 24, fill: LABEL })}
    ${text(150, 230, String(year), { size: 30 })}
    ${text(232, 228, '年', { size: 24, fill: LABEL })}
    ${text(276, 230, String(month), { size: 30 })}
    ${text(320, 228, '月', { size: 24, fill: LABEL })}
    ${text(364, 230, String(day), { size: 30 })}
    ${text(408, 228, '日', { size: 24, fill: LABEL })}
    ${text(56, 298, '住 址', { size: 24, fill: LABEL })}
    ${address}
    ${text(56, 474, '公民身份号码', { size: 24, fill: LABEL })}
    ${text(NUMBER_BOX.x, 476, person.idNumber, { size: 38, weight: 500, spacing: 4 })}`;
}

/** The national emblem, drawn as a plain red seal with stars (not the real emblem). */
function emblem(): string {
  const star = (cx: number, cy: number, r: number): string => {
    const points = Array.from({ length: 10 }, (_, i) => {
      const radius = i % 2 === 0 ? r : r * 0.4;
      const angle = -Math.PI / 2 + (i * Math.PI) / 5;
      return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy + radius * Math.sin(angle)).toFixed(1)}`;
    });
    return `<polygon points="${points.join(' ')}" fill="#f2c94c"/>`;
  };
  return `<circle cx="130" cy="124" r="74" fill="#c8282d"/>
    <circle cx="130" cy="124" r="60" fill="none" stroke="#f2c94c" stroke-width="5"/>
    ${star(130, 104, 26)}${star(96, 146, 10)}${star(118, 158, 10)}${star(142, 158, 10)}${star(164, 146, 10)}`;
}

function back(person: CardPerson): string {
  return `${background()}
    ${emblem()}
    ${text(250, 120, '中华人民共和国', { size: 46, weight: 700, spacing: 10 })}
    ${text(250, 220, '居民身份证', { size: 70, weight: 700, spacing: 16 })}
    ${text(170, 408, '签发机关', { size: 26, fill: INK })}
    ${text(310, 410, person.issuer, { size: 30 })}
    ${text(170, 470, '有效期限', { size: 26, fill: INK })}
    ${text(310, 472, `${dotted(person.validFrom)}-${dotted(person.validUntil)}`, { size: 30, spacing: 1 })}`;
}

/** The card face as SVG elements in card units (0..856 × 0..540), to be placed in a photo. */
export function cardFace(person: CardPerson, side: CardSide): string {
  return side === 'front' ? front(person) : back(person);
}

/** A standalone SVG of the card face (856 × 540), e.g. to look at in a browser. */
export function renderCardSvg(person: CardPerson, side: CardSide): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">${cardFace(person, side)}</svg>`;
}
