// The box at the top of the products column selects every product at once (seed guide "Renewal Warranty":
// "la casilla en la parte superior de la columna"). Without JavaScript the box stays hidden and each product is ticked alone.
(() => {
  const all = document.getElementById("select-all-products");
  if (!all) return;
  const boxes = () => Array.from(document.querySelectorAll("input.select-product"));
  all.hidden = false;
  all.addEventListener("change", () => { for (const box of boxes()) box.checked = all.checked; });
  for (const box of boxes()) box.addEventListener("change", () => {
    const ticked = boxes().filter((b) => b.checked).length;
    all.checked = ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  });
})();
