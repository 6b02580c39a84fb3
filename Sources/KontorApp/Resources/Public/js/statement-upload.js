// Shows that a statement is being imported (big files take a few seconds) and stops a second submit meanwhile.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("statement-upload");
  if (!form) return;
  form.addEventListener("submit", () => {
    document.getElementById("import-progress").hidden = false;
    document.getElementById("statement-submit").disabled = true;
  });
});

// Buttons that cannot be undone ask first, saying what will happen.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
