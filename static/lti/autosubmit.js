// Returns the deep linking response to the LMS at once; the button stays for browsers without JS.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
