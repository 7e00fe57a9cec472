#!/usr/bin/python3
# test-studio-atspi.py
#
# Copyright 2026 The AIVO Studio Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""AIVO Studio driven as a person would: through what the screen reader
sees (AT-SPI) and the keyboard (xdotool), by the labels on screen.

It runs the built aivo-studio program on a first run, in a home of its own,
with every debug message on and GSettings written to a file, then goes
through the Keys page: Generate New Key, the one-time reveal, the list,
deleting the key and the 401 that proves it dead. Then the secrecy checks:
the secret the reveal dialog showed is nowhere on disk but in the keyring's
own file, and nowhere in what the app logged.

Runs inside build-aux/headless (a display, a session bus, an unlocked
throw-away keyring); prints TAP. The secret is only ever held in memory.
pyatspi is imported where it is used: importing it needs a session bus,
which a run without a display may not have.
"""

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

WAIT_SECONDS = 20
POLL_SECONDS = 0.1
KEY_NAME = "Support Bot"

# <prefix 10><id 8>_<secret 32><checksum 6>, see API.md.
SECRET_PART = slice(19, 51)
CREDENTIAL_LENGTH = 57


class Tap:
    """TAP output; a failed check stops the run (later steps need it)."""

    def __init__(self, planned):
        self.planned = planned
        self.count = 0
        print(f"1..{planned}", flush=True)

    def ok(self, description):
        self.count += 1
        print(f"ok {self.count} - {description}", flush=True)

    def skip(self, description, reason):
        self.count += 1
        print(f"ok {self.count} - {description} # SKIP {reason}", flush=True)

    def diag(self, text):
        for line in text.splitlines():
            print(f"# {line}", flush=True)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def wait_for(what, predicate, timeout=WAIT_SECONDS):
    """Polls predicate() until it returns something true, and returns it."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except Exception as error:  # the tree changes under our feet
            last_error = error
        time.sleep(POLL_SECONDS)
    detail = f" (last error: {last_error})" if last_error else ""
    raise Failure(f"timed out after {timeout} s waiting for {what}{detail}")


# The accessibility tree

def walk(accessible, depth=0):
    if accessible is None or depth > 60:
        return
    yield accessible
    for i in range(accessible.childCount):
        yield from walk(accessible.getChildAtIndex(i), depth + 1)


def role(accessible):
    return accessible.getRoleName()


def text_of(accessible):
    try:
        text = accessible.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, text.characterCount)


def name_matches(accessible, label):
    # GTK 4.8 names a button with a mnemonic after its label twice, with and
    # without the underscore: "C_reate Create". Match what a person reads.
    name = accessible.name or ""
    return name == label or name.replace("_", "").startswith(label + " ")


def find(root, label, role_name=None):
    """The first object under root that shows or is named label."""
    for accessible in walk(root):
        if role_name is not None and role(accessible) != role_name:
            continue
        if name_matches(accessible, label):
            return accessible
        if role_name == "push button":
            # A button without a name of its own is read by its label.
            for child in walk(accessible):
                if role(child) == "label" and text_of(child) == label:
                    return accessible
    return None


def on_screen(window, accessible):
    """Whether a person sees accessible: GTK 4.8 sets no "showing" state
    and keeps the size of what it hid, but what is under its centre in the
    window tells. Positions are the window's (it has no screen ones)."""
    import pyatspi

    extents = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    if extents.width <= 0 or extents.height <= 0:
        return False
    hit = window.queryComponent().getAccessibleAtPoint(extents.x + extents.width // 2,
                                                       extents.y + extents.height // 2,
                                                       pyatspi.WINDOW_COORDS)
    while hit is not None:
        if hit == accessible:
            return True
        if hit == window:
            return False
        hit = hit.parent
    return False


def find_text(root, part, window=None):
    """The first label under root whose text contains part, and that is on
    screen in window if one is given."""
    for accessible in walk(root):
        if role(accessible) == "label":
            text = text_of(accessible)
            if text is not None and part in text and (window is None or on_screen(window, accessible)):
                return accessible
    return None


def press(accessible):
    """Presses a button the way a screen reader user does."""
    import pyatspi

    check(accessible.getState().contains(pyatspi.STATE_SENSITIVE),
          f"“{accessible.name}” can't be pressed")
    action = accessible.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            action.doAction(i)
            return
    raise Failure(f"“{accessible.name}” has no click action")


def has_state(accessible, state):
    return accessible.getState().contains(state)


class Studio:
    """The running app, seen from outside."""

    def __init__(self, program, home, log_path):
        self.home = home
        env = dict(os.environ)
        env.update({
            "HOME": os.path.join(home, "home"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            # GSettings really written, under XDG_CONFIG_HOME, so that the
            # secrecy check covers it.
            "GSETTINGS_BACKEND": "keyfile",
            "G_MESSAGES_DEBUG": "all",
        })
        for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.makedirs(env[key], exist_ok=True)
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen([program], env=env, stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid

    def application(self):
        import pyatspi

        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.pid:
                    return app
            except Exception:
                continue
        return None

    def windows(self):
        app = self.application()
        if app is None:
            return []
        return [w for w in (app.getChildAtIndex(i) for i in range(app.childCount)) if w is not None]

    def window(self, title):
        return next((w for w in self.windows() if w.name == title), None)

    def window_saying(self, text):
        """A window by what it says, for those without a title."""
        return next((w for w in self.windows() if find_text(w, text) is not None), None)

    def running(self):
        return self.process.poll() is None

    def stop(self, timeout=10):
        """Waits for the app to quit; kills it if it does not."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
        finally:
            self.log.close()


def xdotool(*args):
    result = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30)
    check(result.returncode == 0, f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def focus_x_window(title):
    """Gives the keyboard to the window titled title (there is no window
    manager to do it on a click)."""
    ids = wait_for(f"the X window “{title}”",
                   lambda: subprocess.run(["xdotool", "search", "--name", f"^{title}$"],
                                          capture_output=True, text=True).stdout.split())
    xdotool("windowfocus", "--sync", ids[-1])


def tab_to(accessible, description, limit=40):
    """Presses Tab until accessible has the focus."""
    import pyatspi

    for _ in range(limit):
        if has_state(accessible, pyatspi.STATE_FOCUSED):
            return
        xdotool("key", "Tab")
        time.sleep(POLL_SECONDS)
    raise Failure(f"Tab never reached {description}")


def screenshot(name):
    directory = os.environ.get("AIVO_SCREENSHOT_DIR") or tempfile.gettempdir()
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    try:
        result = subprocess.run(["import", "-window", "root", path], capture_output=True, timeout=30)
    except OSError:  # no ImageMagick: a picture is a nicety, not a check
        return None
    return path if result.returncode == 0 else None


# Secrecy

def needles(secrets):
    found = []
    for secret in secrets:
        found.append(secret.encode())
        found.append(secret[SECRET_PART].encode())
    return found


def files_with(root, secrets, allowed=lambda path: False, scanned=None):
    """Paths of files under root holding a secret (or its secret part),
    except those allowed; never follows links out of root. Adds the paths
    it read to scanned."""
    hits = []
    patterns = needles(secrets)
    for directory, dirnames, filenames in os.walk(root):
        for filename in filenames:
            path = os.path.join(directory, filename)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as file:
                    data = file.read()
            except OSError:
                continue
            if scanned is not None:
                scanned.append(path)
            if any(pattern in data for pattern in patterns) and not allowed(path):
                hits.append(path)
    return hits


def in_keyring(path):
    return f"{os.sep}keyrings{os.sep}" in path


def redact(text, secrets):
    for secret in secrets:
        text = text.replace(secret, "<secret>").replace(secret[SECRET_PART], "<secret>")
    return text


def app_dirs(home):
    return [os.path.join(home, d) for d in ("home", "config", "data", "cache")]


def scan_app_dirs(home, secrets, scanned):
    return [hit for d in app_dirs(home) for hit in files_with(d, secrets, scanned=scanned)]


def assert_not_said(root, secret, except_text_of=None):
    """Fails if anything under root is named, described or shows secret,
    but the text of except_text_of."""
    for accessible in walk(root):
        check(secret not in (accessible.name or "") and secret not in (accessible.description or ""),
              f"a {role(accessible)} is named or described with the secret")
        if accessible != except_text_of:
            check(secret not in (text_of(accessible) or ""), f"a {role(accessible)} shows the secret")


def run(tap, studio, secrets, running_scan):
    import pyatspi

    # A first run: the sandbox starts, the Keys page is empty.
    main = wait_for("the main window", lambda: studio.window("AIVO Studio"))
    wait_for("“No API Keys Yet”", lambda: find_text(main, "No API Keys Yet", main))
    tap.ok("first run shows “No API Keys Yet”")

    # Generate New Key: a name, one scope, Create.
    press(wait_for("“Generate New Key”", lambda: find(main, "Generate New Key", "push button")))
    dialog = wait_for("the “Generate New Key” dialog", lambda: studio.window("Generate New Key"))
    name_field = wait_for("the “Name” field", lambda: find(dialog, "Name", "text"))
    create = find(dialog, "Create", "push button")
    check(create is not None, "no “Create” button")
    check(not has_state(create, pyatspi.STATE_SENSITIVE), "“Create” works before a name and a scope are given")

    # The dialog opens with the name field focused: just type.
    focus_x_window("Generate New Key")
    xdotool("type", "--delay", "30", KEY_NAME)
    wait_for("the name to be typed", lambda: text_of(name_field) == KEY_NAME)

    # GTK 4.8 gives check buttons no action: Tab to it and press Space.
    scope = find(dialog, "calls:read", "check box")
    check(scope is not None, "no “calls:read” check box")
    tab_to(scope, "“calls:read”")
    xdotool("key", "space")
    wait_for("“calls:read” to be ticked", lambda: has_state(scope, pyatspi.STATE_CHECKED))
    check(find_text(dialog, "1 scope selected") is not None, "the summary does not say “1 scope selected”")
    tap.ok("typed a name and ticked “calls:read” in “Generate New Key”")

    press(create)
    reveal = wait_for("“Key Created”", lambda: studio.window("Key Created"))
    secret_label = wait_for("the secret", lambda: find(reveal, "API key secret", "label"))
    secret = wait_for("the secret's text", lambda: text_of(secret_label))
    check(len(secret) == CREDENTIAL_LENGTH and secret.startswith("aivo_live_"),
          "the reveal dialog does not show a production key")
    secrets.append(secret)
    check(find(reveal, "Copy", "push button") is not None, "no “Copy” button")
    tap.ok("“Key Created” shows the key once, with a “Copy” button")

    # Only the text of that one label is the secret, for a screen reader too.
    assert_not_said(studio.application(), secret, except_text_of=secret_label)
    tap.ok("no name, description or other text gives the secret away")

    press(find(reveal, "Done", "push button"))
    wait_for("“Key Created” to close", lambda: studio.window("Key Created") is None)
    row = wait_for(f"“{KEY_NAME}” in the list", lambda: find(main, KEY_NAME, "list item"))
    wait_for(f"“{KEY_NAME}” on screen", lambda: find_text(row, KEY_NAME, main))
    check(find_text(main, "1 of 10 keys", main) is not None, "the count does not say “1 of 10 keys”")
    hint = f"{secret[:18]}_…{secret[-4:]}"
    check(any(hint == text_of(a) for a in walk(row)), "the row does not show the key's hint")
    assert_not_said(studio.application(), secret)
    tap.ok(f"“{KEY_NAME}” is listed, by its hint, and the secret is gone from the screen")
    # The list shows the hint only, so this picture holds no secret.
    path = screenshot("aivo-studio-keys-list.png")
    if path:
        tap.diag(f"screenshot: {path}")

    # Delete it, confirm, and see the proof.
    press(wait_for(f"“Delete key {KEY_NAME}”",
                   lambda: find(main, f"Delete key {KEY_NAME}", "push button")))
    confirmation = wait_for("the confirmation", lambda: studio.window_saying(f"Delete “{KEY_NAME}”?"))
    press(wait_for("“Delete Key”", lambda: find(confirmation, "Delete Key", "push button")))
    proof = wait_for("the 401 proof", lambda: find_text(main, "401", main))
    check("revoked" in text_of(proof), "the proof does not say the key is revoked")
    wait_for(f"“{KEY_NAME}” to leave the list", lambda: find(main, KEY_NAME, "list item") is None)
    # The last key gone, the page is empty again, and the proof still in sight.
    wait_for("“No API Keys Yet” again", lambda: find_text(main, "No API Keys Yet", main))
    check(on_screen(main, proof), "the proof went out of sight with the last key")
    tap.ok("“Delete Key” revoked it, proven by a 401 in sight")

    path = screenshot("aivo-studio-keys-revoked.png")
    if path:
        tap.diag(f"screenshot: {path}")

    # While it runs, too: the sandbox database's journal is only there now.
    running_scan["hits"] = scan_app_dirs(studio.home, secrets, running_scan["scanned"])

    # Quit as a person does: the window's close button.
    press(find(main, "Close", "push button"))
    status = studio.stop()
    check(status == 0, f"the app did not quit cleanly (status {status})")
    tap.ok("the app quits from its close button")


def main():
    # It types into the display and writes to the keyring: only ever the
    # throw-away session of build-aux/headless, never a developer's desktop.
    if not os.environ.get("DISPLAY") or not os.environ.get("AIVO_HEADLESS_SCRATCH"):
        print("1..0 # SKIP needs the throw-away session of build-aux/headless")
        return 0

    if importlib.util.find_spec("pyatspi") is None:
        print("Bail out! python3-pyatspi is missing: build-aux/install-deps installs it")
        return 1

    program = os.environ.get("AIVO_STUDIO_PROGRAM")
    if not program or not os.access(program, os.X_OK):
        print(f"Bail out! AIVO_STUDIO_PROGRAM is not a program: {program!r}")
        return 1

    tap = Tap(10)
    scratch = os.environ.get("AIVO_HEADLESS_SCRATCH") or None
    home = tempfile.mkdtemp(prefix="aivo-atspi-", dir=scratch)
    log_path = os.path.join(home, "studio.log")
    secrets = []
    studio = None
    try:
        studio = Studio(program, home, log_path)
        running_scan = {"hits": [], "scanned": []}
        run(tap, studio, secrets, running_scan)
        check(bool(secrets), "no secret was seen")

        # Secrecy: on disk, only the keyring may hold it; the app's own
        # config, data (the sandbox database and its journal), cache and
        # GSettings file may not.
        scanned = []
        hits = running_scan["hits"] + scan_app_dirs(home, secrets, scanned)
        scanned += running_scan["scanned"]
        tap.diag("scanned: " + ", ".join(sorted({os.path.relpath(path, home) for path in scanned})))
        check(os.path.join(home, "config", "glib-2.0", "settings", "keyfile") in scanned,
              "GSettings wrote no keyfile: the check would not cover it")
        check(any(os.path.join("aivo-studio", "sandbox") in path for path in scanned),
              "no sandbox data under the data folder: the check would not cover it")
        check(not hits, f"the secret is in {', '.join(hits)}")
        tap.ok("the secret is in no file of the app's config, data, cache or GSettings")

        description = "the secret is nowhere in the session's home but the keyring's own file"
        if scratch:
            session_hits = files_with(scratch, secrets, allowed=in_keyring)
            check(not session_hits, f"the secret is in {', '.join(session_hits)}")
            tap.ok(description)
        else:
            tap.skip(description, "not in build-aux/headless, whose home it is")

        with open(log_path, "rb") as log:
            logged = log.read()
        check(b"DEBUG" in logged, "the app logged no debug message: the check would not cover them")
        check(not any(pattern in logged for pattern in needles(secrets)),
              "the app logged the secret")
        tap.ok("the secret is not in the app's output with G_MESSAGES_DEBUG=all")
    except Failure as failure:
        print(f"not ok {tap.count + 1} - {failure}", flush=True)
        if os.path.exists(log_path):
            with open(log_path, "rb") as log:
                tail = log.read().decode(errors="replace").splitlines()[-40:]
            tap.diag(redact("\n".join(tail), secrets))
        return 1
    finally:
        if studio is not None and studio.running():
            studio.process.send_signal(signal.SIGTERM)
            studio.stop(timeout=5)
        secrets.clear()
        shutil.rmtree(home, ignore_errors=True)

    return 0 if tap.count == tap.planned else 1


if __name__ == "__main__":
    sys.exit(main())
