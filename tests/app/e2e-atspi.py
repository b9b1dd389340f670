# Reads and drives the running gofer-gtk through AT-SPI, the way a screen
# reader does. Usage:
#   e2e-atspi.py text NAME          print the text of the control named (or
#                                   described as) NAME
#   e2e-atspi.py wait-text NAME     the same, waiting up to 30 s for it to show
#   e2e-atspi.py click NAME         activate the button named NAME
#   e2e-atspi.py wait NAME          wait up to 30 s for a control named NAME
#   e2e-atspi.py names              list role and name of every shown control
#   e2e-atspi.py check-names        fail when a control has no name, or one
#                                   that says the same thing twice
# Run with /usr/bin/python3 (Debian's python3-gi, gir1.2-atspi-2.0).
import sys
import time
import warnings

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# get_action_name is deprecated only for a name clash with Accessible.get_name.
warnings.filterwarnings("ignore", category=DeprecationWarning)

APP_NAME = "gofer-gtk"


def application():
    for _ in range(100):
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_name() == APP_NAME:
                return app
        time.sleep(0.1)
    sys.exit("no accessible application named " + APP_NAME)


# GTK 4.8 sets VISIBLE but never SHOWING; controls on pages the stack does
# not show are "visible" too: names and texts tell the pages apart.
def showing(node):
    try:
        return node.get_state_set().contains(Atspi.StateType.VISIBLE)
    except Exception:
        return False


def walk(node):
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None:
            continue
        yield child
        yield from walk(child)


# A label's name is its text once it has one: labels whose text changes are
# found by their accessible description instead.
def find(name):
    for node in walk(application()):
        if name in (node.get_name(), node.get_description()) and showing(node):
            return node
    return None


def text_of(node):
    return node.get_text(0, node.get_character_count())


CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "text", "entry",
    "password text", "spin button", "combo box", "slider", "switch", "link", "menu button",
}


def says_it_twice(name):
    words = name.split()
    for k in range(1, len(words)):
        first, rest = " ".join(words[:k]), " ".join(words[k:])
        if rest.rstrip("…").casefold() == first.rstrip("…").casefold():
            return True
    return False


def check_names():
    bad = []
    count = 0
    for node in walk(application()):
        if not showing(node) or node.get_role_name() not in CONTROL_ROLES:
            continue
        count += 1
        name = node.get_name() or ""
        if not name.strip() or says_it_twice(name):
            bad.append("%s %r" % (node.get_role_name(), name))
    print("%d controls checked" % count)
    for b in bad:
        print("bad name:", b)
    sys.exit(1 if bad or count == 0 else 0)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "check-names":
        check_names()
    if command == "names":
        for node in walk(application()):
            if showing(node):
                print(node.get_role_name(), repr(node.get_name()))
        return
    name = args[0]
    deadline = time.monotonic() + (30 if command.startswith("wait") else 5)
    while True:
        node = find(name)
        if node is not None and (command != "wait-text" or text_of(node)):
            break
        if time.monotonic() > deadline:
            sys.exit("no shown control named %r" % name)
        time.sleep(0.2)
    if command == "wait":
        return
    if command in ("text", "wait-text"):
        print(text_of(node))
    elif command == "click":
        names = [Atspi.Action.get_action_name(node, i) for i in range(node.get_n_actions())]
        for wanted in ("click", "activate", "toggle"):
            if wanted in names:
                node.do_action(names.index(wanted))
                return
        sys.exit("%r cannot be clicked" % name)
    else:
        sys.exit("unknown command " + command)


main()
