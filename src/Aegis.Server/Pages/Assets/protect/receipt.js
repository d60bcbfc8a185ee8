// The receipt page (/protect/receipt#CODE): the code is read from the fragment (never in a path or query, so never in a
// log or a referrer) or typed in, and POSTed to /protect/v1/receipt; the page shows counts only, and lets the person
// withdraw their hashes after a confirmation. docs/architecture.md, "The protect page".

const page = document.querySelector("main");
const platform = page.dataset.platform || "the platform";
const codeInput = document.getElementById("code");
const problem = document.getElementById("problem");
const result = document.getElementById("result");
const confirmBox = document.getElementById("confirm");
let code = "";

document.getElementById("lookup").addEventListener("submit", (e) => {
    e.preventDefault();
    open(codeInput.value);
});
document.getElementById("withdraw").addEventListener("click", () => {
    confirmBox.hidden = false;
    document.getElementById("confirm-yes").focus();
});
document.getElementById("confirm-no").addEventListener("click", () => {
    confirmBox.hidden = true;
    document.getElementById("withdraw").focus();
});
document.getElementById("confirm-yes").addEventListener("click", () => withdraw());

/** The code as written on the receipt: letters and digits in groups, whatever spaces or case were typed. */
function normalise(text) {
    return decodeURIComponent(text).trim().toUpperCase().replace(/\s+/g, "");
}

async function post(path, body) {
    try {
        return await fetch(path, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
            credentials: "omit",
            referrerPolicy: "no-referrer",
            cache: "no-store",
        });
    } catch {
        return null;
    }
}

async function words(response) {
    if (!response) {
        return `We could not reach ${platform}. Check your connection and try again.`;
    }
    let detail = "";
    try {
        detail = (await response.json())?.detail ?? "";
    } catch {
        // no body
    }
    if (response.status === 429) {
        return "Too many tries just now. Please try again later.";
    }
    if (response.status === 404) {
        return detail || "We could not find that code. Check it and try again.";
    }
    return detail || "Something went wrong on our side. Please try again later.";
}

function say(text) {
    problem.textContent = text;
    problem.hidden = text === "";
}

/** Reads the receipt of a code and shows it. */
async function open(text) {
    code = normalise(text);
    if (!code) {
        say("Please type or paste your code.");
        codeInput.focus();
        return;
    }
    say("");
    const response = await post("/protect/v1/receipt", { receipt: code });
    if (!response || response.status !== 200) {
        result.hidden = true;
        say(await words(response));
        return;
    }
    show(await response.json());
}

function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
}

/** The receipt in plain words: counts only. */
function show(r) {
    const when = new Date(r.submitted_at);
    document.getElementById("sent").textContent =
        `You sent fingerprints of ${plural(r.files, "file", "files")} on ${when.toLocaleDateString(undefined, { dateStyle: "long" })}`
        + ` (${plural(r.hashes, "fingerprint", "fingerprints")} in all).`;
    document.getElementById("counts").replaceChildren(...[
        `${plural(r.found, "copy", "copies")} found on ${platform}.`,
        `${r.restricted} hidden at once.`,
        `${r.held_for_review} held for a person to check.`,
        `${r.removed} removed after a person checked.`,
    ].map((line) => Object.assign(document.createElement("li"), { textContent: line })));
    document.getElementById("review").textContent = r.under_review
        ? "A person at " + platform + " is still looking at what was found."
        : "Nothing is waiting for a person to check right now.";
    const withdrawn = document.getElementById("withdrawn");
    const withdraw = document.getElementById("withdraw");
    if (r.withdrawn_at) {
        withdrawn.textContent = `You withdrew these fingerprints on ${new Date(r.withdrawn_at).toLocaleDateString(undefined, { dateStyle: "long" })}. They are not used any more.`;
        withdrawn.hidden = false;
        withdraw.hidden = true;
    } else {
        withdrawn.hidden = true;
        withdraw.hidden = false;
    }
    confirmBox.hidden = true;
    result.hidden = false;
    document.getElementById("result-title").focus();
}

async function withdraw() {
    const response = await post("/protect/v1/receipt/withdraw", { receipt: code });
    confirmBox.hidden = true;
    if (response?.status === 409) {
        say("These fingerprints were already withdrawn.");
        return;
    }
    if (!response || response.status !== 200) {
        say(await words(response));
        return;
    }
    await open(code);
    const withdrawn = document.getElementById("withdrawn");
    withdrawn.focus();
}

if (location.hash.length > 1) {
    codeInput.value = normalise(location.hash.slice(1));
    open(codeInput.value);
}
