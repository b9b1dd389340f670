# A small GTK 4 window that offers the files in argv as text/uri-list when
# dragged: the drag source of the end-to-end drop test. Title "DND Source".
# Run with /usr/bin/python3 (Debian's python3-gi).
import sys

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Gdk", "4.0")
from gi.repository import Gdk, Gio, GLib, Gtk  # noqa: E402

URIS = "".join(Gio.File.new_for_path(p).get_uri() + "\r\n" for p in sys.argv[1:])


def prepare(source, x, y):
    return Gdk.ContentProvider.new_for_bytes("text/uri-list", GLib.Bytes.new(URIS.encode()))


def on_activate(app):
    win = Gtk.ApplicationWindow(application=app, title="DND Source")
    win.set_default_size(200, 120)
    label = Gtk.Label(label="DRAG ME")
    source = Gtk.DragSource(actions=Gdk.DragAction.COPY)
    source.connect("prepare", prepare)
    label.add_controller(source)
    win.set_child(label)
    win.present()


app = Gtk.Application(application_id="io.github.gofer_app.DndSource",
                      flags=Gio.ApplicationFlags.NON_UNIQUE)
app.connect("activate", on_activate)
app.run(None)
