// The review console's script: keyboard shortcuts. Any element with data-key="x" is clicked (or focused, for inputs)
// when x is pressed outside a text field; "?" lists the page's shortcuts (opens or closes <details id="shortcuts">).
(() => {
    "use strict";
    // A field takes the keys typed into it; a radio button, check box or button does not (j/k/l/; choose a radio).
    const typing = (el) => el && (el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName)
        || (el.tagName === "INPUT" && !/^(radio|checkbox|button|submit|reset)$/.test(el.type)));
    document.addEventListener("keydown", (event) => {
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) {
            return;
        }
        if (event.key === "?") {
            const help = document.getElementById("shortcuts");
            if (help instanceof HTMLDetailsElement) {
                help.open = !help.open;
                event.preventDefault();
            } else if (help) {
                help.hidden = !help.hidden;
                event.preventDefault();
            }
            return;
        }
        const target = document.querySelector(`[data-key="${CSS.escape(event.key)}"]:not([disabled])`);
        if (!target) {
            return;
        }
        event.preventDefault();
        if (typing(target)) {
            target.focus();
        } else {
            target.click();
        }
    });
})();
