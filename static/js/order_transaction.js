// Omnitron's Order Detail: while a Transaction is chosen, only the items that can take it can be
// ticked and only its reasons are offered. Without this script the page works the same way, and
// the server refuses a misfit saying why.
(function () {
  "use strict";
  const form = document.getElementById("items-form");
  const transaction = form && form.elements.namedItem("transaction");
  if (!transaction) return;
  const reason = form.elements.namedItem("reason");

  function apply() {
    const kind = transaction.value;
    for (const row of form.querySelectorAll("tr[data-cancel]")) {
      const box = row.querySelector('input[name="item_ids"]');
      if (!box) continue;
      const fits = row.dataset[kind] !== "no";
      box.disabled = !fits;
      if (!fits) box.checked = false;
      row.classList.toggle("ineligible", !fits);
    }
    if (!reason) return;
    for (const option of reason.options) {
      if (!option.dataset.transaction) continue;
      option.disabled = option.hidden = option.dataset.transaction !== kind;
    }
    for (const group of reason.querySelectorAll("optgroup")) {
      group.hidden = !Array.from(group.children).some((option) => !option.disabled);
    }
    if (reason.selectedOptions.length && reason.selectedOptions[0].disabled) reason.value = "";
  }

  transaction.addEventListener("change", apply);
  apply();
})();
