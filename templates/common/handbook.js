// Progressive enhancement only: the handbook reads and navigates without it.
// A section's "#" link also copies the section's address, and says so to screen readers.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.anchor") : null;
  var status = document.getElementById("copy-status");
  if (!link || !status || !navigator.clipboard) return;
  var address = location.href.split("#")[0] + link.getAttribute("href");
  navigator.clipboard.writeText(address).then(function () {
    status.textContent = status.getAttribute("data-copied");
    link.classList.add("copied");
  }, function () { /* no clipboard (a file opened without permission): the link still works */ });
});
