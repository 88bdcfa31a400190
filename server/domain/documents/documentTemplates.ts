// The court's templates for documents written together: the minutes of a hearing, a statement of
// agreed facts, a settlement agreement. A template is written in each language of the document,
// block for block, so that the two language versions of a bilingual document start linked: each
// block has one paragraph id in both. Texts exist in English, Chinese, Portuguese, French and
// Spanish; a language without its own text starts from the English one (to be translated, as
// the review marks will then show when either side changes).
import { CourtError } from '../CourtError.js';
import type { BlockNode } from './documentContent.js';
import type { DocumentKind } from './documentKinds.js';
import type { DocumentText, HeadingLevel, TextBlock } from './documentText.js';

export const TEMPLATE_NAMES = ['minutes', 'agreedFacts', 'settlement'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The kind of document each template starts. */
export const TEMPLATE_KIND: Record<TemplateName, DocumentKind> = { minutes: 'minutes', agreedFacts: 'agreedFacts', settlement: 'settlement' };

/** What a template fills in from the case. */
export interface TemplateContext {
  readonly title: string;
  readonly caseTitle: string;
  readonly claimants: readonly string[];
  readonly respondents: readonly string[];
}

type TemplateLanguage = 'en' | 'zh' | 'pt' | 'fr' | 'es';
type Localised = Record<TemplateLanguage, string>;

interface TemplateBlock {
  readonly type: BlockNode;
  readonly level?: HeadingLevel;
  readonly text: Localised;
}

const TITLE: TemplateBlock = { type: 'heading', level: 1, text: { en: '{title}', zh: '{title}', pt: '{title}', fr: '{title}', es: '{title}' } };
const CASE_LINE: TemplateBlock = {
  type: 'paragraph',
  text: { en: 'Case: {caseTitle}', zh: '案件：{caseTitle}', pt: 'Processo: {caseTitle}', fr: 'Affaire : {caseTitle}', es: 'Asunto: {caseTitle}' },
};
const heading = (text: Localised, level: HeadingLevel = 2): TemplateBlock => ({ type: 'heading', level, text });
const paragraph = (text: Localised): TemplateBlock => ({ type: 'paragraph', text });

const TEMPLATES: Record<TemplateName, readonly TemplateBlock[]> = {
  minutes: [
    TITLE,
    CASE_LINE,
    heading({ en: 'Present', zh: '出席人员', pt: 'Presentes', fr: 'Présents', es: 'Asistentes' }),
    paragraph({
      en: 'Claimant: {claimants}. Respondent: {respondents}.',
      zh: '申请人：{claimants}。被申请人：{respondents}。',
      pt: 'Requerente: {claimants}. Requerido: {respondents}.',
      fr: 'Demandeur : {claimants}. Défendeur : {respondents}.',
      es: 'Demandante: {claimants}. Demandado: {respondents}.',
    }),
    heading({ en: 'Proceedings', zh: '庭审经过', pt: 'Desenvolvimento da audiência', fr: "Déroulement de l'audience", es: 'Desarrollo de la audiencia' }),
    paragraph({
      en: '[What was heard, in order.]',
      zh: '【按顺序记录庭审内容。】',
      pt: '[O que foi ouvido, por ordem.]',
      fr: '[Ce qui a été entendu, dans l’ordre.]',
      es: '[Lo que se oyó, por orden.]',
    }),
    heading({ en: 'Directions of the court', zh: '法庭指示', pt: 'Determinações do tribunal', fr: 'Instructions du tribunal', es: 'Instrucciones del tribunal' }),
    paragraph({ en: '[Directions given.]', zh: '【法庭作出的指示。】', pt: '[Determinações proferidas.]', fr: '[Instructions données.]', es: '[Instrucciones dadas.]' }),
    heading({ en: 'Next steps', zh: '后续安排', pt: 'Próximos passos', fr: 'Suite de la procédure', es: 'Próximos pasos' }),
    paragraph({
      en: '[Next hearing and deadlines.]',
      zh: '【下次开庭时间及期限。】',
      pt: '[Próxima audiência e prazos.]',
      fr: '[Prochaine audience et délais.]',
      es: '[Próxima audiencia y plazos.]',
    }),
  ],
  agreedFacts: [
    TITLE,
    CASE_LINE,
    paragraph({
      en: 'The parties, {claimants} (claimant) and {respondents} (respondent), agree that the following facts are not in dispute.',
      zh: '双方当事人，{claimants}（申请人）与{respondents}（被申请人），一致确认以下事实无争议。',
      pt: 'As partes, {claimants} (requerente) e {respondents} (requerido), acordam que os factos seguintes não são controvertidos.',
      fr: 'Les parties, {claimants} (demandeur) et {respondents} (défendeur), conviennent que les faits suivants ne sont pas contestés.',
      es: 'Las partes, {claimants} (demandante) y {respondents} (demandado), acuerdan que los hechos siguientes no son controvertidos.',
    }),
    heading({ en: 'Agreed facts', zh: '无争议事实', pt: 'Factos assentes', fr: 'Faits convenus', es: 'Hechos acordados' }),
    paragraph({ en: '1. [First agreed fact.]', zh: '1. 【第一项无争议事实。】', pt: '1. [Primeiro facto assente.]', fr: '1. [Premier fait convenu.]', es: '1. [Primer hecho acordado.]' }),
    paragraph({ en: '2. [Second agreed fact.]', zh: '2. 【第二项无争议事实。】', pt: '2. [Segundo facto assente.]', fr: '2. [Deuxième fait convenu.]', es: '2. [Segundo hecho acordado.]' }),
    heading({ en: 'Facts not agreed', zh: '有争议事实', pt: 'Factos controvertidos', fr: 'Faits contestés', es: 'Hechos controvertidos' }),
    paragraph({
      en: '[Facts that remain in dispute, if any.]',
      zh: '【仍有争议的事实（如有）。】',
      pt: '[Factos que continuam controvertidos, se os houver.]',
      fr: '[Faits qui restent contestés, le cas échéant.]',
      es: '[Hechos que siguen controvertidos, si los hay.]',
    }),
  ],
  settlement: [
    TITLE,
    paragraph({
      en: 'Between {claimants} (the claimant) and {respondents} (the respondent), in the case {caseTitle}.',
      zh: '本协议由{claimants}（申请人）与{respondents}（被申请人）就{caseTitle}一案订立。',
      pt: 'Entre {claimants} (o requerente) e {respondents} (o requerido), no processo {caseTitle}.',
      fr: 'Entre {claimants} (le demandeur) et {respondents} (le défendeur), dans l’affaire {caseTitle}.',
      es: 'Entre {claimants} (el demandante) y {respondents} (el demandado), en el asunto {caseTitle}.',
    }),
    heading({ en: '1. Terms of settlement', zh: '一、和解条款', pt: '1. Termos do acordo', fr: '1. Conditions de la transaction', es: '1. Términos del acuerdo' }),
    paragraph({
      en: '[The respondent pays … to the claimant by ….]',
      zh: '【被申请人于……前向申请人支付……。】',
      pt: '[O requerido paga … ao requerente até ….]',
      fr: '[Le défendeur verse … au demandeur au plus tard le ….]',
      es: '[El demandado paga … al demandante a más tardar el ….]',
    }),
    heading({ en: '2. Full and final settlement', zh: '二、终局和解', pt: '2. Quitação plena', fr: '2. Règlement complet et définitif', es: '2. Finiquito total' }),
    paragraph({
      en: 'This agreement settles every claim between the parties arising from the dispute in this case.',
      zh: '本协议了结双方因本案争议产生的全部请求。',
      pt: 'Este acordo põe termo a todas as pretensões entre as partes decorrentes do litígio neste processo.',
      fr: 'Le présent accord règle toutes les prétentions des parties nées du litige objet de cette affaire.',
      es: 'Este acuerdo resuelve todas las pretensiones entre las partes derivadas de la controversia de este asunto.',
    }),
    heading({ en: '3. Costs', zh: '三、费用', pt: '3. Custas', fr: '3. Frais', es: '3. Costas' }),
    paragraph({
      en: 'Each party bears its own costs unless agreed otherwise above.',
      zh: '除上文另有约定外，各方自行承担各自费用。',
      pt: 'Cada parte suporta as suas próprias custas, salvo acordo em contrário acima.',
      fr: 'Chaque partie supporte ses propres frais, sauf accord contraire ci-dessus.',
      es: 'Cada parte soporta sus propias costas, salvo acuerdo en contrario más arriba.',
    }),
    heading({ en: '4. Signatures', zh: '四、签署', pt: '4. Assinaturas', fr: '4. Signatures', es: '4. Firmas' }),
    paragraph({
      en: 'The parties sign this agreement electronically through the court; each signature is recorded on the case ledger.',
      zh: '双方通过法院以电子方式签署本协议；每一签名均记入案件账本。',
      pt: 'As partes assinam este acordo eletronicamente através do tribunal; cada assinatura fica registada no livro do processo.',
      fr: 'Les parties signent le présent accord par voie électronique auprès du tribunal ; chaque signature est inscrite au registre de l’affaire.',
      es: 'Las partes firman este acuerdo electrónicamente a través del tribunal; cada firma queda inscrita en el registro del asunto.',
    }),
  ],
};

/**
 * The template a create request asks for: `true` is the kind's own; a name must be a template
 * for that kind. Throws INVALID_PAYLOAD naming the `template` field.
 */
export function templateFor(kind: DocumentKind, requested: true | string): TemplateName {
  if (requested === true) return kind;
  if (!(TEMPLATE_NAMES as readonly string[]).includes(requested)) {
    throw new CourtError('INVALID_PAYLOAD', `body.template: there is no template ${JSON.stringify(requested)}; use true or one of ${TEMPLATE_NAMES.join(', ')}`);
  }
  const name = requested as TemplateName;
  if (TEMPLATE_KIND[name] !== kind) throw new CourtError('INVALID_PAYLOAD', `body.template: the ${name} template starts a ${TEMPLATE_KIND[name]} document, not ${kind}`);
  return name;
}

/** The template's text in each language, block i of every language sharing the id newPid() gave. */
export function templateText(name: TemplateName, languages: readonly string[], context: TemplateContext, newPid: () => string): DocumentText {
  const blocks = TEMPLATES[name];
  const pids = blocks.map(() => newPid());
  return {
    languages: languages.map((language) => ({
      language,
      blocks: blocks.map((block, i): TextBlock => ({
        type: block.type,
        pid: pids[i]!,
        ...(block.level === undefined ? {} : { level: block.level }),
        runs: [{ text: fill(block.text[templateLanguage(language)], context, templateLanguage(language)), marks: [] }],
      })),
    })),
  };
}

function templateLanguage(tag: string): TemplateLanguage {
  const primary = tag.toLowerCase().split('-')[0];
  return primary === 'zh' || primary === 'pt' || primary === 'fr' || primary === 'es' ? primary : 'en';
}

const LIST_SEPARATOR: Record<TemplateLanguage, string> = { en: ', ', zh: '、', pt: ', ', fr: ', ', es: ', ' };
const NOBODY_YET: Localised = { en: '[to be named]', zh: '【待定】', pt: '[a indicar]', fr: '[à préciser]', es: '[por indicar]' };

function fill(text: string, context: TemplateContext, language: TemplateLanguage): string {
  const names = (list: readonly string[]) => (list.length === 0 ? NOBODY_YET[language] : list.join(LIST_SEPARATOR[language]));
  // Replacer functions: a name with "$&" in it is kept as written.
  return text
    .replaceAll('{title}', () => context.title)
    .replaceAll('{caseTitle}', () => context.caseTitle)
    .replaceAll('{claimants}', () => names(context.claimants))
    .replaceAll('{respondents}', () => names(context.respondents));
}
