// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // copy buttons: the text to copy is in the element named by data-copy (an input's value,
  // or any element's text); without a clipboard the text stays selectable by hand
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = "value" in field ? field.value : field.textContent.trim();
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Kopieret";
        setTimeout(() => { button.textContent = label; }, 2500);
      } catch {
        const range = document.createRange();
        range.selectNodeContents(field);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
    });
  }
  // on a phone the filters come first, folded, so the results are one tap away
  if (window.matchMedia("(max-width: 59.99rem)").matches) {
    for (const panel of document.querySelectorAll("details.facet-panel")) panel.open = false;
  }
});
