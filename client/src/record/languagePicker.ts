// The language picker in the top bar, as on the hearing page: `?lang=` first, then the language
// chosen before, then the browser's; a choice made here is remembered for both pages.
import { applyTranslations, chooseLanguage, currentLanguage, isLanguage, LANGUAGES, languageName, setLanguage } from '../i18n.js';

export function setUpLanguagePicker(select: HTMLSelectElement): void {
  for (const language of LANGUAGES) {
    const option = document.createElement('option');
    option.value = language;
    option.textContent = languageName(language); // each language named in itself
    option.lang = language;
    select.append(option);
  }
  setLanguage(chooseLanguage(new URLSearchParams(window.location.search).get('lang'), navigator.languages));
  select.value = currentLanguage();
  select.addEventListener('change', () => {
    if (isLanguage(select.value)) setLanguage(select.value, { remember: true });
  });
  applyTranslations();
}
