// The service form (services group): the type select shows only the chosen type's field groups. The groups of
// the other types are disabled too, so that their fields do not post; without this script the server shows the
// group of the type the page was rendered with.
(function () {
    'use strict';
    function show(select) {
        document.querySelectorAll('fieldset.type-group[data-types]').forEach(function (group) {
            var on = group.getAttribute('data-types').split(' ').indexOf(select.value) >= 0;
            group.hidden = !on;
            group.disabled = !on;
        });
    }
    function init() {
        var select = document.getElementById('service-type');
        if (!select) {
            return;
        }
        select.addEventListener('change', function () {
            show(select);
        });
        show(select);
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
})();
