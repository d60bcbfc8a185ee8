// Uploading a hash list into a bank with a progress bar: the file goes up with XMLHttpRequest (whose upload events
// move the bar), the server answers 202 with the import job once the file is in, and this polls the job until it is
// done, then says what it did. Without this script the form posts plainly and the server answers with the result.
(() => {
    "use strict";
    const PollMilliseconds = 500;

    const form = document.getElementById("import-form");
    if (form && window.XMLHttpRequest && window.FormData) {
        const file = document.getElementById("import-file");
        const submit = document.getElementById("import-submit");
        const status = document.getElementById("import-status");
        const bar = document.getElementById("import-progress");
        const label = document.getElementById("import-progress-label");
        const live = document.getElementById("import-live");
        const counts = document.getElementById("import-counts");
        const badLines = document.getElementById("import-bad-lines");
        const resultLink = document.getElementById("import-result-link");
        const fieldIds = { file: "import-file", format: "import-format", type: "import-type", list: "import-list" };
        const number = (n) => Number(n).toLocaleString("en");
        const count = (n, one, many) => `${number(n)} ${Number(n) === 1 ? one : many}`;

        const clearErrors = () => {
            form.querySelectorAll("p.error[data-from-script]").forEach((p) => p.remove());
            form.querySelectorAll("[aria-invalid]").forEach((field) => {
                field.removeAttribute("aria-invalid");
                const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== `${field.id}-error`);
                if (described.length) {
                    field.setAttribute("aria-describedby", described.join(" "));
                } else {
                    field.removeAttribute("aria-describedby");
                }
            });
            form.querySelectorAll("p.error[id$='-error']").forEach((p) => p.remove());
        };

        // An error goes under its field, which points at it (aria-describedby) and is marked invalid, and takes focus.
        const showError = (fieldId, message) => {
            const field = document.getElementById(fieldId) || file;
            const error = document.createElement("p");
            error.id = `${field.id}-error`;
            error.className = "error";
            error.dataset.fromScript = "";
            error.textContent = message;
            let anchor = field;
            const hint = document.getElementById(`${field.id}-hint`);
            if (hint && hint.previousElementSibling === field) {
                anchor = hint;
            }
            anchor.insertAdjacentElement("afterend", error);
            field.setAttribute("aria-invalid", "true");
            const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
            described.push(error.id);
            field.setAttribute("aria-describedby", described.join(" "));
            return field;
        };

        const finish = (text) => {
            live.textContent = text;
            submit.disabled = false;
        };

        const setBar = (fraction, phase) => {
            const percent = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
            bar.value = percent;
            bar.textContent = `${percent}%`;
            label.textContent = `${phase}: ${percent}%`;
        };

        const showJob = (job) => {
            counts.textContent = `${count(job.read, "line", "lines")} read, ${number(job.added)} added, ${count(job.merged, "duplicate", "duplicates")}, ${count(job.badLines, "bad line", "bad lines")}.`;
        };

        const done = (job) => {
            showJob(job);
            setBar(1, job.state === "done" ? "Imported" : "Stopped");
            badLines.replaceChildren(...(job.errors || []).map((line) => {
                const item = document.createElement("li");
                item.textContent = line;
                return item;
            }));
            badLines.hidden = badLines.children.length === 0;
            resultLink.querySelector("a").href = job.result;
            resultLink.hidden = false;
            if (job.state === "done") {
                const more = job.badLines > (job.errors || []).length ? " (the first ones are listed below)" : "";
                finish(`Imported: ${number(job.added)} added, ${count(job.merged, "duplicate", "duplicates")}, ${count(job.badLines, "bad line", "bad lines")}${job.badLines > 0 ? more : ""}.`);
            } else {
                finish(`The import failed: ${job.detail || "no reason was given"}. The batches committed before it stopped are kept.`);
            }
        };

        const poll = (url) => {
            fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
                .then(({ ok, body }) => {
                    if (!ok) {
                        finish(body.error || "The import's progress could not be read.");
                        return;
                    }
                    if (body.state === "running") {
                        showJob(body);
                        setBar(body.fraction, "Importing");
                        window.setTimeout(() => poll(url), PollMilliseconds);
                    } else {
                        done(body);
                    }
                })
                .catch(() => finish("The import's progress could not be read; reload the page to see the bank's entries."));
        };

        form.addEventListener("submit", (event) => {
            event.preventDefault();
            clearErrors();
            const chosen = file.files && file.files[0];
            if (!chosen) {
                showError(fieldIds.file, "Choose a hash-list file to upload.").focus();
                return;
            }
            const max = Number(form.dataset.maxBytes || 0);
            if (max > 0 && chosen.size > max) {
                showError(fieldIds.file, `${chosen.name} is larger than this server accepts (${number(max)} bytes).`).focus();
                return;
            }

            status.hidden = false;
            badLines.hidden = true;
            resultLink.hidden = true;
            counts.textContent = "";
            submit.disabled = true;
            setBar(0, "Uploading");
            live.textContent = `Uploading ${chosen.name}…`;

            const request = new XMLHttpRequest();
            request.open("POST", form.action);
            request.setRequestHeader("Accept", "application/json");
            request.setRequestHeader("RequestVerificationToken", form.elements.__RequestVerificationToken.value);
            request.responseType = "json";
            request.upload.addEventListener("progress", (e) => {
                if (e.lengthComputable) {
                    setBar(e.loaded / e.total, "Uploading");
                }
            });
            request.upload.addEventListener("load", () => {
                live.textContent = "Uploaded; the server is checking the file…";
            });
            request.addEventListener("load", () => {
                const body = request.response || {};
                if (request.status === 202 && body.progress) {
                    live.textContent = "Uploaded; importing…";
                    setBar(0, "Importing");
                    poll(body.progress);
                    return;
                }
                status.hidden = true;
                const errors = body.errors || {};
                const fields = Object.keys(errors);
                if (fields.length) {
                    let first = null;
                    fields.forEach((id) => {
                        const field = showError(id, errors[id]);
                        first = first || field;
                    });
                    submit.disabled = false;
                    first.focus();
                } else if (request.status === 403) {
                    finish("Your role does not allow imports into banks.");
                } else {
                    showError(fieldIds.file, `The upload was refused (${request.status}); reload the page and try again.`).focus();
                    submit.disabled = false;
                }
            });
            request.addEventListener("error", () => {
                status.hidden = true;
                showError(fieldIds.file, "The upload did not reach the server; check the connection and try again.").focus();
                submit.disabled = false;
            });
            request.send(new FormData(form));
        });
    }

    // A result page opened while its import still runs follows it, then shows the result.
    const result = document.getElementById("import-result");
    if (result && result.dataset.state === "running" && window.fetch) {
        const follow = () => {
            fetch(result.dataset.progress, { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then((response) => response.json())
                .then((job) => {
                    if (job.state === "running") {
                        window.setTimeout(follow, PollMilliseconds);
                    } else {
                        window.location.reload();
                    }
                })
                .catch(() => undefined);
        };
        window.setTimeout(follow, PollMilliseconds);
    }
})();
