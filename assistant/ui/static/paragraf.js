// Paragraf's page script (loaded into <head> by assistant/ui/page.py, which fills in the citation prefix and Gradio's core bundle).

// A click on a citation link [n] in a text, or Enter on it, opens that § in the text's Källor panel: the page
// writes 'panel-key-n' into a hidden box (#paragraf-cite), whose change event does the rest (ui/chat.py
// `open_cited`); once the § has arrived the panel scrolls into view and its heading takes the focus, so the next
// Tab reaches "Öppna originalet".
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href*="#%(prefix)s"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const key = link.getAttribute('href').split('#%(prefix)s')[1];
  const box = document.querySelector('#paragraf-cite textarea');
  if (!box) return;
  box.value = key + ':' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const panel = key.startsWith('chat-') ? 'source' : key.replace(/-\d+-\d+$/, '') + '-source';
  const target = document.getElementById(panel);
  if (!target) return;
  const observer = new MutationObserver(() => {
    if (!target.querySelector('.paragraf-text')) return;
    observer.disconnect();
    target.scrollIntoView({block: 'start'});
    target.querySelector('h3')?.focus({preventScroll: true});
  });
  observer.observe(target, {childList: true, subtree: true, characterData: true});
}, true);

// Gradio's own words ('Släpp fil här', 'Klicka för att ladda upp', 'Laddar', 'Fel', the queue's text) come from
// its frontend's translations, Swedish among them, in the language its i18n store holds: the browser's at start.
// The store's setter is the module export `changeLocale` of Gradio's core bundle (what Gradio's own settings panel
// calls); importing that bundle's URL again yields the same module, so the page sets its language there without a
// reload: Swedish at once, then what the language switch says. The promise settles when the language is in use
// (Gradio then writes it into <html lang>; a language's words may first have to be fetched).
window.paragrafLocale = (lang) => (%(core)s ? import('./assets/' + %(core)s) : Promise.reject('no core bundle'))
  .then((core) => new Promise((done) => {
    core.changeLocale(lang);
    let tries = 100;
    const check = () => (document.documentElement.lang === lang || !tries--) ? done() : setTimeout(check, 50);
    check();
  }))
  .catch((error) => console.warn('Paragraf: Gradio language not set', error));
window.paragrafLocale('sv');

// "Skriv ut" prints the brief alone: the print rules of paragraf-print.css apply while <body> has this class.
window.paragrafPrintBrief = () => {
  document.body.classList.add('paragraf-print-brief');
  window.print();
  document.body.classList.remove('paragraf-print-brief');
};
