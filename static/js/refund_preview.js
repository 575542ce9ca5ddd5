// Order Details' Refund preview: asks the server what the ticked items refund whenever an item,
// quantity or reason changes, and shows its answer. The form works without this script.
(function () {
  "use strict";
  const box = document.getElementById("refund-preview");
  const form = box && box.closest("form");
  if (!form) return;
  let asked = 0;
  let timer = null;

  function query() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrfmiddlewaretoken" && !name.startsWith("description_")) params.append(name, value);
    }
    return params.toString();
  }

  async function refresh() {
    const mine = ++asked;
    try {
      const response = await fetch(box.dataset.url + "?" + query(), { headers: { Accept: "text/html" } });
      if (mine === asked && (response.ok || response.status === 400)) box.innerHTML = await response.text();
    } catch (error) {
      // Offline or the server is away: keep the last preview; submitting still works.
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", (event) => {
    if (event.target.type === "number") later();
  });
  if (form.querySelector('input[name="items"]:checked')) refresh(); // a form shown again with its errors
})();
