#!/usr/bin/env python3
# Generates data/icons/io.github.gofer_app.Gofer.ico, the icon of
# gofer-gtk.exe (src/app/gofer-gtk.rc.in), from the app icon's SVG. Run by
# hand when the SVG changes; the output is committed:
#   build-aux/gen-ico.py data/icons/io.github.gofer_app.Gofer.svg data/icons/io.github.gofer_app.Gofer.ico
# Needs rsvg-convert (Debian: librsvg2-bin). Each size is rendered from the
# SVG and stored as PNG, which Windows reads in icons since Vista.
import struct
import subprocess
import sys

# What Explorer, the taskbar and the title bar ask for, at 100 % to 200 %.
SIZES = [16, 20, 24, 32, 40, 48, 64, 96, 128, 256]


def render(svg, size):
    return subprocess.run(['rsvg-convert', '--width', str(size), '--height', str(size),
                           '--keep-aspect-ratio', '--format', 'png', svg],
                          check=True, capture_output=True).stdout


def ico(images):
    """ICONDIR, one ICONDIRENTRY per image, then the PNG data."""
    header = struct.pack('<HHH', 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b''
    for size, png in images:
        # Width and height 0 mean 256.
        entries += struct.pack('<BBBBHHII', size % 256, size % 256, 0, 0, 1, 32,
                               len(png), offset)
        offset += len(png)
    return header + entries + b''.join(png for _, png in images)


def main():
    svg, out = sys.argv[1:3]
    data = ico([(size, render(svg, size)) for size in SIZES])
    with open(out, 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    main()
