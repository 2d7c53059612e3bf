// htmx requests send the CSRF token from Django's csrftoken cookie, so a page need not carry
// the token itself and can be served whole from the cache. Forms still post their own field.
document.addEventListener("htmx:configRequest", (event) => {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) {
    event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
  }
});
