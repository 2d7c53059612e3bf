// A search past its word limit answers 400 with a message saying so; htmx does not swap error
// responses by default, so let that one message replace the results.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400 && event.detail.target.id === "search-results") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
