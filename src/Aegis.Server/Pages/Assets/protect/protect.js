// The protect page (/protect): the person picks pictures and videos; this page hashes them on their device (PDQ of each
// picture and of one video frame a second, MD5 and SHA-256 of every file) and sends only those hashes, with who they
// are to the pictures, to POST /protect/v1/submissions. No file, name, size or metadata is ever sent.
// docs/architecture.md, "The protect page".

const page = document.querySelector("main");
const maxFiles = Number(page.dataset.maxFiles) || 20;
const maxFrames = Number(page.dataset.maxFrames) || 1200;
const platform = page.dataset.platform || "the platform";

const input = document.getElementById("files");
const list = document.getElementById("chosen");
const progress = document.getElementById("progress");
const sendButton = document.getElementById("send");
const problem = document.getElementById("problem");
const form = document.getElementById("protect-form");
const done = document.getElementById("done");

/** The files picked, in order: { file, kind, item (the list element), thumbnail URL, state, pdq, md5, sha256 }. */
let chosen = [];
let sending = false;

/** The worker doing the hashing, and its answers waited for by id. */
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const waiting = new Map();
let nextId = 1;
worker.onmessage = (event) => {
    const { id, result, error, progress: step } = event.data;
    const wait = waiting.get(id);
    if (!wait) {
        return;
    }
    if (step) {
        wait.onProgress?.(step.done, step.total);
        return;
    }
    waiting.delete(id);
    if (error !== undefined) {
        wait.reject(new Error(error));
    } else {
        wait.resolve(result);
    }
};

/** Sends the worker a job; resolves with its result. */
function ask(message, transfer = [], onProgress = undefined) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, onProgress });
        worker.postMessage({ id, ...message }, transfer);
    });
}

input.addEventListener("change", () => {
    const picked = Array.from(input.files ?? []);
    input.value = "";
    const room = maxFiles - chosen.length;
    if (picked.length > room) {
        say(room <= 0
            ? `You can send up to ${maxFiles} at a time. Send these first, then come back for the rest.`
            : `You can send up to ${maxFiles} at a time, so only the first ${room} of those were added.`);
    } else {
        say("");
    }
    for (const file of picked.slice(0, Math.max(0, room))) {
        add(file);
    }
});

sendButton.addEventListener("click", () => send());

/** Adds a picked file to the list and starts hashing it. */
function add(file) {
    const kind = file.type.startsWith("video/") ? "video" : "image";
    const entry = { file, kind, state: "working", pdq: [], md5: null, sha256: null, urls: [] };
    entry.item = document.createElement("li");
    entry.item.className = "file";
    const picture = document.createElement("img");
    picture.className = "thumb";
    picture.alt = "";
    const text = document.createElement("p");
    text.className = "file-state";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary remove";
    remove.textContent = "Remove";
    remove.addEventListener("click", () => drop(entry));
    entry.item.append(picture, text, remove);
    entry.picture = picture;
    entry.text = text;
    chosen.push(entry);
    list.append(entry.item);
    number();
    if (kind === "image") {
        const url = URL.createObjectURL(file);
        entry.urls.push(url);
        picture.src = url;
    }
    text.textContent = "Making its fingerprint…";
    entry.work = (kind === "video" ? hashVideo(entry) : hashPicture(entry)).then(
        () => finish(entry),
        () => finish(entry, true));
    report();
}

/** Names each item by its place in the list (the file's name is never shown back nor sent). */
function number() {
    chosen.forEach((entry, index) => {
        const what = entry.kind === "video" ? "Video" : "Picture";
        entry.picture.alt = `${what} ${index + 1} you picked`;
        entry.item.querySelector(".remove").setAttribute("aria-label", `Remove ${what.toLowerCase()} ${index + 1}`);
    });
}

/** Removes a file before sending; its hashes go with it. */
function drop(entry) {
    entry.removed = true;
    chosen = chosen.filter((e) => e !== entry);
    entry.item.remove();
    entry.urls.forEach((url) => URL.revokeObjectURL(url));
    number();
    report();
    input.focus();
}

/** MD5, SHA-256 and PDQ of a picture (PDQ left empty if the browser cannot decode it: only exact copies are found then). */
async function hashPicture(entry) {
    const digests = ask({ op: "digests", file: entry.file }, [], (n, total) => step(entry, n, total));
    try {
        const { hash, quality, timings } = await ask({ op: "image", file: entry.file });
        entry.pdq = [{ hash, quality }];
        entry.timings = timings;
    } catch {
        entry.undecoded = true;
    }
    Object.assign(entry, await digests);
}

/** MD5, SHA-256 and the PDQ of one frame a second (0, 1, 2 … seconds, up to the page's limit), the frames read by seeking a video element. */
async function hashVideo(entry) {
    const digests = ask({ op: "digests", file: entry.file }, [], (n, total) => step(entry, n, total));
    const url = URL.createObjectURL(entry.file);
    entry.urls.push(url);
    const video = document.createElement("video");
    video.muted = true;
    video.playsInline = true;
    video.preload = "auto";
    try {
        video.src = url;
        await event(video, "loadeddata");
        const width = video.videoWidth;
        const height = video.videoHeight;
        const canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext("2d", { willReadFrequently: true });
        const seconds = Math.min(maxFrames, Math.max(1, Math.ceil(video.duration)));
        for (let second = 0; second < seconds && !entry.removed; second++) {
            if (second > 0 && second >= video.duration) {
                break;
            }
            const seeked = event(video, "seeked");
            video.currentTime = second;
            await seeked;
            context.drawImage(video, 0, 0, width, height);
            if (second === 0) {
                entry.picture.src = canvas.toDataURL("image/jpeg", 0.7);
            }
            const pixels = context.getImageData(0, 0, width, height).data;
            const { hash, quality } = await ask({ op: "pixels", data: pixels.buffer, width, height }, [pixels.buffer]);
            entry.pdq.push({ hash, quality, second });
            entry.text.textContent = `Making its fingerprints: ${second + 1} of ${seconds} seconds…`;
        }
    } catch {
        entry.undecoded = true;
    } finally {
        video.removeAttribute("src");
        video.load();
    }
    Object.assign(entry, await digests);
}

/** Resolves at the element's next such event; rejects on an error event. */
function event(element, name) {
    return new Promise((resolve, reject) => {
        const ok = () => { element.removeEventListener("error", bad); resolve(); };
        const bad = () => { element.removeEventListener(name, ok); reject(new Error("The video could not be read.")); };
        element.addEventListener(name, ok, { once: true });
        element.addEventListener("error", bad, { once: true });
    });
}

function step(entry, doneBytes, total) {
    if (total > 8 * 1024 * 1024 && entry.state === "working" && entry.kind === "image") {
        entry.text.textContent = `Making its fingerprint… ${Math.floor(100 * doneBytes / total)}%`;
    }
}

/** Marks a file ready (or failed) and says so. */
function finish(entry, failed = false) {
    if (entry.removed) {
        return;
    }
    if (failed || !entry.md5) {
        entry.state = "failed";
        entry.text.textContent = "This file could not be read. Remove it and try another.";
    } else {
        entry.state = "ready";
        entry.text.textContent = entry.undecoded || entry.pdq.length === 0
            ? "Ready. This browser could not open it, so only exact copies of the file can be found."
            : "Ready.";
        entry.item.classList.add("ready");
    }
    report();
}

/** The live summary of where the hashing is. */
function report() {
    const ready = chosen.filter((e) => e.state === "ready").length;
    const working = chosen.filter((e) => e.state === "working").length;
    if (chosen.length === 0) {
        progress.textContent = "No files picked yet.";
    } else if (working > 0) {
        progress.textContent = `Making fingerprints: ${ready} of ${chosen.length} ready.`;
    } else {
        progress.textContent = `Fingerprints ready for ${ready} of ${chosen.length} ${chosen.length === 1 ? "file" : "files"}. Nothing has been sent yet.`;
    }
}

/** Shows a problem (or clears it). */
function say(text) {
    problem.textContent = text;
    problem.hidden = text === "";
}

/** Sends the hashes and the statement; shows the receipt once. */
async function send() {
    if (sending) {
        return;
    }
    const statement = document.querySelector("input[name=statement]:checked")?.value;
    if (chosen.length === 0) {
        say("First pick the pictures or videos you want to protect.");
        input.focus();
        return;
    }
    if (chosen.some((e) => e.state === "working")) {
        say("Please wait a moment: the fingerprints are still being made.");
        return;
    }
    if (chosen.some((e) => e.state === "failed")) {
        say("Some files could not be read. Remove them, then send again.");
        return;
    }
    if (!statement) {
        say("Please choose who is in the pictures (step 2).");
        document.querySelector("input[name=statement]").focus();
        return;
    }
    const contact = document.getElementById("contact").value.trim();
    const body = {
        statement,
        ...(contact ? { contact } : {}),
        files: chosen.map((e) => ({ kind: e.kind, md5: e.md5, sha256: e.sha256, pdq: e.pdq })),
    };
    sending = true;
    sendButton.setAttribute("aria-busy", "true");
    sendButton.textContent = "Sending…";
    say("");
    try {
        let response;
        try {
            response = await fetch("/protect/v1/submissions", {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(body),
                credentials: "omit",
                referrerPolicy: "no-referrer",
                cache: "no-store",
            });
        } catch {
            say(`We could not reach ${platform}. Check your connection and try again. Nothing was sent.`);
            return;
        }
        if (response.status === 201) {
            showReceipt(await response.json());
            return;
        }
        say(await refusal(response));
    } finally {
        sending = false;
        sendButton.removeAttribute("aria-busy");
        sendButton.textContent = "Send the fingerprints";
    }
}

/** A refusal in words for the person: the server's detail where it gives one. */
async function refusal(response) {
    let detail = "";
    try {
        detail = (await response.json())?.detail ?? "";
    } catch {
        // no body to read
    }
    switch (response.status) {
        case 429: {
            const seconds = Number(response.headers.get("Retry-After"));
            const wait = seconds > 0 ? ` in ${Math.max(1, Math.ceil(seconds / 60))} ${Math.ceil(seconds / 60) <= 1 ? "minute" : "minutes"}` : " later";
            return `Too many tries from here just now. Please try again${wait}. Nothing was sent.`;
        }
        case 413:
            return detail || `That is too much at once: send up to ${maxFiles} files at a time.`;
        case 404:
            return `${platform} has switched this service off for now. Nothing was sent.`;
        default:
            return detail || "Something went wrong on our side. Please try again later. Nothing was sent.";
    }
}

/** The answer, shown once: the receipt code and its link, the counts and each file's note. The picked files are let go. */
function showReceipt(answer) {
    const notes = new Map((answer.files ?? []).map((f) => [f.index, f]));
    const fileNotes = document.getElementById("file-notes");
    fileNotes.replaceChildren();
    chosen.forEach((entry, index) => {
        const note = notes.get(index);
        if (note && (note.note || !note.protected)) {
            const li = document.createElement("li");
            const what = entry.kind === "video" ? "Video" : "Picture";
            li.textContent = `${what} ${index + 1}: ${note.note ?? "This one could not be protected."}`;
            fileNotes.append(li);
        }
        entry.urls.forEach((url) => URL.revokeObjectURL(url));
    });
    fileNotes.hidden = fileNotes.childElementCount === 0;
    chosen = [];
    list.replaceChildren();
    document.getElementById("receipt-code").textContent = answer.receipt;
    const link = document.getElementById("receipt-link");
    link.href = answer.receipt_url;
    link.textContent = new URL(answer.receipt_url, location.href).href;
    document.getElementById("found").textContent = found(answer);
    form.hidden = true;
    done.hidden = false;
    done.querySelector("h2").focus();
}

function found(answer) {
    const n = answer.found ?? 0;
    if (n === 0) {
        return `No copies were found on ${platform} right now. If someone tries to upload one, it will be held for a person to check.`;
    }
    const held = answer.held_for_review ?? 0;
    return `${n} ${n === 1 ? "copy was" : "copies were"} found on ${platform}. ${answer.restricted ?? 0} hidden now`
        + (held > 0 ? `, ${held} held for a person to check.` : ".")
        + " New uploads that match will be held too.";
}

document.getElementById("copy").addEventListener("click", async () => {
    const status = document.getElementById("copy-status");
    try {
        await navigator.clipboard.writeText(document.getElementById("receipt-code").textContent);
        status.textContent = "Copied.";
    } catch {
        status.textContent = "Could not copy: please write the code down.";
    }
});

report();
