// A sensible affirmation to start from, in the languages the court most often hears, keyed by
// language tag. These are the court's words, sent as the judge leaves them; no DOM here, so the
// end-to-end test can read them.
export const DEFAULT_OATH_TEXTS: Readonly<Record<string, string>> = {
  en: 'I solemnly, sincerely and truly declare and affirm that the evidence I shall give will be the truth, the whole truth and nothing but the truth, and I understand that a false statement may be punished by law.',
  zh: '我郑重、真诚地声明并保证：我向法庭提供的证言将真实、完整，绝无虚假；我知道，如有虚假陈述，愿意依法承担法律责任。',
};
