// The queue and case pages: SLA countdowns that tick, the break reminder, and reveals that blur again by themselves.
// Every page is right without this script; it only keeps times current and makes a reveal last a few seconds.
(() => {
    "use strict";

    // "45 s", "12 min", "2 h 5 min", "3 d 4 h": as the server writes them (Web/ConsoleText.cs).
    const span = (ms) => {
        const s = Math.max(0, Math.floor(ms / 1000));
        const m = Math.floor(s / 60), h = Math.floor(s / 3600), d = Math.floor(s / 86400);
        if (s < 60) return `${s} s`;
        if (s < 3600) return `${m} min`;
        if (s < 86400) return `${h} h${m % 60 > 0 ? ` ${m % 60} min` : ""}`;
        return `${d} d${h % 24 > 0 ? ` ${h % 24} h` : ""}`;
    };

    // SLA countdowns: from the server's time when the page was drawn (data-now), so a wrong clock here does not matter.
    const loaded = Date.now();
    const countdowns = [...document.querySelectorAll("time[data-due][data-now]")];
    const tick = () => {
        for (const el of countdowns) {
            const now = Date.parse(el.dataset.now) + (Date.now() - loaded);
            const due = Date.parse(el.dataset.due);
            const breached = due <= now;
            el.textContent = breached ? `breached ${span(now - due)} ago` : `${span(due - now)} left`;
            el.classList.toggle("breached", breached);
        }
    };
    if (countdowns.length > 0) {
        setInterval(tick, 30000);
    }

    // The break reminder: after data-break-minutes of continuous time on these pages (in this tab's sessionStorage;
    // ten minutes away count as a break), a dismissible reminder; dismissing it starts the count again.
    const main = document.getElementById("main");
    const minutes = Number(main && main.dataset.breakMinutes) || 0;
    const away = 10 * 60 * 1000;
    const store = (() => {
        try {
            return window.sessionStorage;
        } catch {
            return null;
        }
    })();
    if (minutes > 0 && store) {
        const since = "aegis.review.since", seen = "aegis.review.seen";
        const now = Date.now();
        if (!Number(store.getItem(since)) || now - (Number(store.getItem(seen)) || 0) > away) {
            store.setItem(since, String(now));
        }
        let reminder = null;
        const dismiss = (back) => {
            store.setItem(since, String(Date.now()));
            reminder.remove();
            reminder = null;
            if (back && document.contains(back)) {
                back.focus();
            }
        };
        const remind = () => {
            const back = document.activeElement;
            reminder = document.createElement("div");
            reminder.className = "break-reminder";
            reminder.id = "break-reminder";
            reminder.setAttribute("role", "alertdialog");
            reminder.setAttribute("aria-labelledby", "break-title");
            reminder.setAttribute("aria-describedby", "break-text");
            const title = document.createElement("h2");
            title.id = "break-title";
            title.textContent = "Time for a break";
            const text = document.createElement("p");
            text.id = "break-text";
            text.textContent = `You have been reviewing for ${minutes} minute${minutes === 1 ? "" : "s"}. Step away from the screen for a few minutes: look at something far away, stretch, talk to someone.`;
            const button = document.createElement("button");
            button.type = "button";
            button.id = "break-dismiss";
            button.textContent = "Dismiss";
            button.addEventListener("click", () => dismiss(back));
            reminder.addEventListener("keydown", (event) => {
                if (event.key === "Escape") {
                    event.preventDefault();
                    dismiss(back);
                }
            });
            reminder.append(title, text, button);
            document.body.append(reminder);
            button.focus();
        };
        const check = () => {
            store.setItem(seen, String(Date.now()));
            if (!reminder && Date.now() - Number(store.getItem(since)) >= minutes * 60000) {
                remind();
            }
        };
        check();
        setInterval(check, 30000);
    }

    // Reveals: the reveal is posted (audited before anything unblurred can be fetched), the one-use link shown for the
    // seconds the server says, then the blurred preview is back and a video's bytes are dropped.
    for (const form of document.querySelectorAll("form.reveal")) {
        form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const figure = document.getElementById(form.dataset.media);
            const status = document.getElementById(form.dataset.status);
            const button = form.querySelector("button");
            const preview = figure && figure.querySelector("img.preview");
            if (!figure || !preview || button.disabled) {
                return;
            }
            button.disabled = true;
            let shown = null, blob = null;
            const end = () => {
                if (shown) {
                    if (shown.pause) shown.pause();
                    shown.remove();
                }
                if (blob) URL.revokeObjectURL(blob);
                preview.hidden = false;
                figure.classList.remove("revealing");
                button.disabled = false;
                status.textContent = "Blurred again.";
            };
            try {
                const response = await fetch(form.action, {
                    method: "POST",
                    body: new FormData(form),
                    headers: { Accept: "application/json" },
                    credentials: "same-origin",
                });
                if (!response.ok) {
                    throw new Error(response.status === 403 ? "You may not see this case's media now." : `The reveal failed (${response.status}).`);
                }
                const reveal = await response.json();
                if (reveal.video) {
                    const bytes = await fetch(reveal.url, { credentials: "same-origin" });
                    if (!bytes.ok) {
                        throw new Error(`The video could not be fetched (${bytes.status}).`);
                    }
                    blob = URL.createObjectURL(await bytes.blob());
                    shown = document.createElement("video");
                    shown.muted = reveal.muted;
                    shown.controls = true;
                    shown.autoplay = true;
                    shown.src = blob;
                } else {
                    shown = document.createElement("img");
                    shown.alt = `${preview.alt.replace(/^Blurred preview of /, "")} revealed, unblurred`;
                    shown.src = reveal.url;
                }
                shown.className = "revealed";
                preview.hidden = true;
                figure.classList.add("revealing");
                preview.after(shown);
                let left = reveal.seconds;
                status.textContent = `Revealed: blurred again in ${left} s.`;
                const timer = setInterval(() => {
                    left -= 1;
                    if (left <= 0) {
                        clearInterval(timer);
                        end();
                    } else {
                        status.textContent = `Revealed: blurred again in ${left} s.`;
                    }
                }, 1000);
            } catch (error) {
                end();
                status.textContent = error.message;
            }
        });
    }
})();
