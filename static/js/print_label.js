// The return label's Print button (no inline script: the pages' Content-Security-Policy forbids it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
