// Destructive actions ask first, saying what will happen (issue 11 §1). A form or a submit button with data-confirm opens a modal
// dialog with that sentence; only its confirm button submits. Focus starts on "Cancel", Escape cancels, and focus
// returns to the button that asked. Without JavaScript the form submits as before; the server checks everything anyway.
(() => {
  let dialog, message, confirmButton, cancelButton;
  function build() {
    dialog = document.createElement("dialog");
    dialog.id = "confirm-dialog";
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-describedby", "confirm-message");
    message = document.createElement("p");
    message.id = "confirm-message";
    const buttons = document.createElement("form");
    buttons.method = "dialog";
    buttons.className = "confirm-buttons";
    cancelButton = document.createElement("button");
    cancelButton.value = "cancel";
    cancelButton.className = "secondary";
    cancelButton.id = "confirm-cancel";
    confirmButton = document.createElement("button");
    confirmButton.value = "confirm";
    confirmButton.className = "danger";
    confirmButton.id = "confirm-ok";
    buttons.append(cancelButton, confirmButton);
    dialog.append(message, buttons);
    document.body.append(dialog);
  }
  document.addEventListener("submit", (event) => {
    const form = event.target;
    // The sentence is the button's own when it has one (one form, several actions), else the form's.
    const asker = event.submitter;
    const sentence = (asker && asker.dataset.confirm) || (form instanceof HTMLFormElement && form.dataset.confirm);
    if (!(form instanceof HTMLFormElement) || !sentence) return;
    if (form.dataset.confirmed === "yes") { delete form.dataset.confirmed; return; }
    event.preventDefault();
    if (!dialog) build();
    message.textContent = sentence;
    confirmButton.textContent = form.dataset.confirmOk || (asker && asker.textContent.trim()) || "OK";
    cancelButton.textContent = form.dataset.confirmCancel || "Cancel";
    dialog.returnValue = "";
    dialog.onclose = () => {
      if (dialog.returnValue === "confirm") {
        form.dataset.confirmed = "yes";
        form.requestSubmit(asker || undefined);
      } else if (asker) {
        asker.focus();
      }
    };
    dialog.showModal();
    cancelButton.focus();
  });
})();
