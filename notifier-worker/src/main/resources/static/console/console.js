// The console's few lines of script (core): htmx does the partial updates; this shows when one of them failed,
// which htmx by itself does silently (it swaps nothing on an error status).
(function () {
    'use strict';
    function show(text) {
        var box = document.getElementById('console-error');
        if (!box) {
            return;
        }
        box.textContent = text;
        box.className = 'notice bad';
        box.hidden = false;
    }
    document.addEventListener('htmx:responseError', function (event) {
        var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
        var template = document.body.getAttribute('data-error-text') || 'The request failed ({0}).';
        show(template.replace('{0}', String(status)));
    });
    document.addEventListener('htmx:sendError', function () {
        var template = document.body.getAttribute('data-error-text') || 'The request failed ({0}).';
        show(template.replace('{0}', 'no answer'));
    });
    document.addEventListener('htmx:afterRequest', function (event) {
        if (event.detail && event.detail.successful) {
            var box = document.getElementById('console-error');
            if (box) {
                box.hidden = true;
            }
        }
    });
})();
