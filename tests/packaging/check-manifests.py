#!/usr/bin/python3
# check-manifests.py: keeps flatpak/ and msys2/ honest.
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Neither a Flatpak runtime nor Windows can be reached from CI, so this checks
# what can be checked here: the manifests parse; every local file they name
# exists; every download is pinned by a sha256; the sandbox permissions are
# the minimal set; ids, commands and versions agree with meson; every meson
# option they pass is real and has a valid value; flatpak-builder's own parser
# reads them without a warning; and meson, configured with each package's own
# options and prefix, installs every file that package expects. TAP output.
#
# Usage: check-manifests.py SOURCE_ROOT BUILD_ROOT WORK_DIR MESON BASE_ID VERSION

import json
import os
import re
import shutil
import subprocess
import sys

from tap import check, finish

SOURCE_ROOT, BUILD_ROOT, WORK_DIR, MESON, BASE_ID, VERSION = sys.argv[1:7]
FLATPAK_DIR = os.path.join(SOURCE_ROOT, 'flatpak')
MSYS2_DIR = os.path.join(SOURCE_ROOT, 'msys2')

# The only permissions Gofer needs: see docs/packaging.md.
FINISH_ARGS = {
    '--share=ipc',
    '--socket=fallback-x11',
    '--socket=wayland',
    '--device=dri',
    '--share=network',
    # Finding and announcing a Gofer on the local network (mDNS).
    '--system-talk-name=org.freedesktop.Avahi',
    '--filesystem=xdg-download',
}
MINGW_ARCHES = ['ucrt64', 'clang64']
SHA256 = re.compile(r'^[0-9a-f]{64}$')

def meson_options():
    """Every option meson knows for this project: name -> introspection entry."""
    out = subprocess.run([MESON, 'introspect', '--buildoptions', BUILD_ROOT],
                         check=True, capture_output=True, text=True).stdout
    return {o['name']: o for o in json.loads(out)}


def project_option_names():
    text = open(os.path.join(SOURCE_ROOT, 'meson_options.txt')).read()
    return set(re.findall(r"option\(\s*'([^']+)'", text))


OPTIONS = meson_options()
PROJECT_OPTIONS = project_option_names()


def option_problem(name, value):
    """None when NAME=VALUE is a real meson option with a valid value."""
    key = name.replace('-', '_')
    opt = OPTIONS.get(key)
    if opt is None:
        return 'no meson option %s' % name
    if opt['section'] == 'user' and key not in PROJECT_OPTIONS:
        return '%s is not in meson_options.txt' % name
    if opt['type'] == 'boolean' and value not in ('true', 'false'):
        return '%s=%s: not a boolean' % (name, value)
    if opt['type'] == 'combo' and value not in opt['choices']:
        return '%s=%s: not one of %s' % (name, value, ', '.join(opt['choices']))
    if opt['type'] == 'feature' and value not in ('enabled', 'disabled', 'auto'):
        return '%s=%s: not enabled, disabled or auto' % (name, value)
    return None


def options_of(args):
    """meson setup arguments as (name, value) pairs, for -Dx=y and --x=y."""
    pairs = []
    for arg in args:
        m = re.match(r'^(?:-D|--)([A-Za-z0-9_.-]+)=(.*)$', arg)
        if m:
            pairs.append((m.group(1), m.group(2)))
    return pairs


def installed_files(name, prefix, setup_args):
    """Configure (not build) a tree with these options; return its install
    destinations relative to PREFIX."""
    tree = os.path.join(WORK_DIR, 'configured-' + name)
    shutil.rmtree(tree, ignore_errors=True)
    args = [MESON, 'setup', tree, SOURCE_ROOT, '--prefix=' + prefix] + setup_args
    res = subprocess.run(args, capture_output=True, text=True)
    if res.returncode != 0:
        shutil.rmtree(tree, ignore_errors=True)
        # Meson's error is at the end of its log.
        return None, '\n'.join((res.stdout + res.stderr).strip().splitlines()[-4:])
    out = subprocess.run([MESON, 'introspect', '--installed', tree],
                         check=True, capture_output=True, text=True).stdout
    shutil.rmtree(tree, ignore_errors=True)
    return {os.path.relpath(dest, prefix) for dest in json.loads(out).values()}, None


def check_layout(what, installed, expected, absent=()):
    missing = sorted(set(expected) - installed)
    check(not missing, '%s: meson installs every file it expects' % what,
          'missing: ' + ', '.join(missing))
    extra = sorted(set(absent) & installed)
    check(not extra, '%s: meson installs nothing it leaves out' % what,
          'installed anyway: ' + ', '.join(extra))


# Flatpak ------------------------------------------------------------------

def load_json(path):
    try:
        with open(path) as f:
            return json.load(f), None
    except (OSError, ValueError) as e:
        return None, e


def module_list(manifest_dir, modules):
    """Modules with string entries (file names) loaded, depth first."""
    result = []
    for module in modules:
        if isinstance(module, str):
            path = os.path.join(manifest_dir, module)
            data, error = load_json(path)
            if not check(data is not None, 'module file %s parses' % module, error):
                continue
            module = data
        result.append(module)
        result.extend(module_list(manifest_dir, module.get('modules', [])))
    return result


def check_source(manifest, module, source, manifest_dir):
    where = '%s: %s: %s source' % (manifest, module, source.get('type'))
    kind = source.get('type')
    if 'path' in source:
        path = os.path.normpath(os.path.join(manifest_dir, source['path']))
        check(os.path.exists(path), '%s %s exists' % (where, source['path']), path)
    if kind in ('archive', 'file') and 'url' in source:
        check(source['url'].startswith('https://'), '%s is fetched over https' % where,
              source['url'])
        check(bool(SHA256.match(source.get('sha256', ''))),
              '%s is pinned by a sha256 (64 hex)' % where, source.get('sha256'))
    if kind == 'git' and 'url' in source:
        check(source['url'].startswith('https://'), '%s is fetched over https' % where)
        pinned = source.get('tag') or source.get('commit')
        check(bool(pinned), '%s names a tag or a commit' % where)
        if 'tag' in source:
            check(source['tag'] == 'v' + VERSION,
                  '%s tag is v%s, the meson project version' % (where, VERSION), source['tag'])
        if 'commit' in source:
            check(bool(re.match(r'^[0-9a-f]{40}$', source['commit'])),
                  '%s commit is 40 hex' % where)


def check_finish_args(name, args):
    check(set(args) == FINISH_ARGS and len(args) == len(FINISH_ARGS),
          '%s: finish-args are exactly the minimal set' % name,
          'got: %s\nwant: %s' % (sorted(args), sorted(FINISH_ARGS)))
    too_wide = [a for a in args
                if re.match(r'^--filesystem=(home|host|host-os|host-etc|~)', a)
                or a in ('--socket=x11', '--socket=session-bus', '--socket=system-bus',
                         '--talk-name=org.freedesktop.Notifications', '--device=all')
                or a.startswith('--talk-name=org.freedesktop.Notifications')]
    check(not too_wide, '%s: no home/host filesystem, no notification talk-name' % name,
          too_wide)


def check_with_flatpak_builder(name, path):
    """flatpak-builder's own parser warns about unknown properties and
    source types (and still exits 0), so its warnings are failures."""
    tool = shutil.which('flatpak-builder')
    if not check(tool is not None, '%s: flatpak-builder is installed to parse it' % name,
                 'apt-get install flatpak-builder (build-aux/dev test installs it)'):
        return
    # Without the test environment's GLib diagnostics, which flag
    # flatpak-builder's own deprecated properties.
    env = {k: v for k, v in os.environ.items() if k not in ('G_DEBUG', 'G_ENABLE_DIAGNOSTIC')}
    res = subprocess.run([tool, '--show-manifest', path], env=env,
                         capture_output=True, text=True)
    check(res.returncode == 0 and not res.stderr.strip(),
          '%s: flatpak-builder --show-manifest reads it without a warning' % name,
          res.stderr)


def check_flatpak_manifest(path):
    name = os.path.basename(path)
    manifest, error = load_json(path)
    if not check(manifest is not None, '%s parses' % name, error):
        return None
    check_with_flatpak_builder(name, path)
    app_id = manifest.get('id') or manifest.get('app-id')
    devel = app_id.endswith('.Devel')
    want_id = BASE_ID + '.Devel' if devel else BASE_ID
    check(app_id == want_id, '%s: id is %s' % (name, want_id), app_id)
    check(name == app_id + '.json', '%s: file is named after its id' % name)
    check(manifest.get('runtime') == 'org.gnome.Platform'
          and manifest.get('sdk') == 'org.gnome.Sdk',
          '%s: GNOME runtime and SDK' % name)
    check(manifest.get('command') == 'gofer-gtk', '%s: command is gofer-gtk' % name,
          manifest.get('command'))
    check_finish_args(name, manifest.get('finish-args', []))

    manifest_dir = os.path.dirname(path)
    modules = module_list(manifest_dir, manifest.get('modules', []))
    for module in modules:
        for source in module.get('sources', []):
            check_source(name, module.get('name'), source, manifest_dir)
    names = [m.get('name') for m in modules]
    check(names[-1:] == ['gofer'], '%s: gofer is the last module' % name, names)
    for dep in ('libsodium', 'libqrencode'):
        check(dep in names, '%s: builds %s, which the GNOME runtime lacks' % (name, dep))

    gofer = modules[-1]
    opts = gofer.get('config-opts', [])
    for opt, value in options_of(opts):
        problem = option_problem(opt, value)
        check(problem is None, '%s: -D%s=%s is a real meson option' % (name, opt, value),
              problem)
    check(('-Dprofile=development' if devel else '-Dprofile=default') in opts,
          '%s: its -Dprofile matches its id' % name, opts)
    # libnotify 0.8 reaches the Notification portal from the sandbox.
    check('-Dlibnotify=enabled' in opts, '%s: builds with libnotify' % name, opts)

    installed, error = installed_files(app_id, '/app', opts)
    if not check(installed is not None, '%s: meson configures with its config-opts' % name,
                 error):
        return manifest
    # Flatpak exports files named after the id; the schema keeps the base id.
    expected = [
        'bin/' + manifest['command'],
        'bin/gofer',
        'share/applications/%s.desktop' % app_id,
        'share/metainfo/%s.metainfo.xml' % app_id,
        'share/icons/hicolor/scalable/apps/%s.svg' % app_id,
        'share/icons/hicolor/symbolic/apps/%s-symbolic.svg' % app_id,
        'share/dbus-1/services/%s.service' % app_id,
        'share/glib-2.0/schemas/%s.gschema.xml' % BASE_ID,
        'share/help/C/gofer/index.page',
    ]
    absent = ['bin/gofer-relay'] if '-Drelay=false' in opts else []
    check_layout(name, installed, expected, absent)
    wrong_id = sorted(f for f in installed
                      if re.search(r'io\.github\.gofer_app\.Gofer[.-]', f)
                      and app_id not in f and 'gschema' not in f)
    check(not wrong_id, '%s: every exported file carries its id' % name, wrong_id)
    return manifest


def check_flatpak():
    manifests = {}
    for path in sorted(os.listdir(FLATPAK_DIR)):
        if not path.endswith('.json'):
            continue
        full = os.path.join(FLATPAK_DIR, path)
        data, error = load_json(full)
        if data is None:
            check(False, '%s parses' % path, error)
        elif 'id' in data or 'app-id' in data:
            manifests[path] = check_flatpak_manifest(full)
    check(sorted(manifests) == [BASE_ID + '.Devel.json', BASE_ID + '.json'],
          'flatpak/ has the release and the .Devel manifest', sorted(manifests))
    versions = {m.get('runtime-version') for m in manifests.values() if m}
    check(len(versions) == 1, 'both manifests use the same runtime version', versions)


# MSYS2 --------------------------------------------------------------------

PKGBUILD_VARS = ['pkgname', 'pkgver', 'install', 'mingw_arch', 'depends', 'makedepends',
                 'source', 'sha256sums', 'license', '_installed']


def read_pkgbuild(msystem, arch):
    """The PKGBUILD's variables as makepkg sees them for one environment."""
    script = 'set -e; source "$1"; for v in %s; do declare -n a=$v; ' \
             'printf "%%s\\0" "$v" "${#a[@]}" "${a[@]}"; done' % ' '.join(PKGBUILD_VARS)
    env = dict(os.environ, MSYSTEM=msystem, MINGW_PREFIX='/' + arch,
               MINGW_PACKAGE_PREFIX='mingw-w64-%s-x86_64' % msystem.lower().replace('64', ''))
    out = subprocess.run(['bash', '-c', script, 'bash', os.path.join(MSYS2_DIR, 'PKGBUILD')],
                         env=env, check=True, capture_output=True, text=True).stdout
    fields = out.split('\0')
    values = {}
    i = 0
    while i + 1 < len(fields):
        count = int(fields[i + 1])
        values[fields[i]] = fields[i + 2:i + 2 + count]
        i += 2 + count
    return values, env['MINGW_PACKAGE_PREFIX']


def pkgbuild_function(text, name):
    m = re.search(r'^%s\(\) \{\n(.*?)^\}' % name, text, re.S | re.M)
    return m.group(1) if m else ''


def check_msys2():
    path = os.path.join(MSYS2_DIR, 'PKGBUILD')
    text = open(path).read()
    setup = pkgbuild_function(text, 'build')
    setup_args = re.findall(r'(?<!\S)(-D[A-Za-z0-9_]+=\S+|--[a-z-]+=\S+)', setup)
    setup_args = [a.strip('"').rstrip('\\').strip() for a in setup_args]
    setup_args = [a for a in setup_args if not a.startswith('--prefix=')]
    for opt, value in options_of(setup_args):
        problem = option_problem(opt, value)
        check(problem is None, 'PKGBUILD: meson setup %s=%s is a real meson option'
              % (opt, value), problem)
    check('-Dprofile=default' in setup_args, 'PKGBUILD: builds the release profile')
    # MSYS2's libnotify is 0.7 and Windows has no notification service.
    check('-Dlibnotify=disabled' in setup_args, 'PKGBUILD: builds without libnotify')

    for arch in MINGW_ARCHES:
        msystem = arch.upper()
        values, prefix = read_pkgbuild(msystem, arch)
        where = 'PKGBUILD (%s)' % msystem
        check(values['pkgver'] == [VERSION], '%s: pkgver is the meson version %s'
              % (where, VERSION), values['pkgver'])
        check(values['mingw_arch'] == MINGW_ARCHES, '%s: mingw_arch is ucrt64 and clang64'
              % where, values['mingw_arch'])
        check(values['license'] == ['spdx:GPL-3.0-or-later'], '%s: SPDX license' % where)
        names = values['depends'] + values['makedepends']
        foreign = [n for n in names if not n.startswith(prefix + '-')]
        check(names and not foreign, '%s: every dependency is a %s- package' % (where, prefix),
              foreign)
        notify = [n for n in names if 'libnotify' in n]
        check(not notify, '%s: no libnotify package' % where, notify)
        check(len(values['source']) == len(values['sha256sums']),
              '%s: one sha256 per source' % where)
        install = os.path.join(MSYS2_DIR, values['install'][0])
        ok = check(os.path.isfile(install), '%s: install script %s exists'
                   % (where, values['install'][0]))
        if ok:
            script = open(install).read()
            dirs = set(re.findall(r'\b(ucrt64|clang64|mingw64|clangarm64)/', script))
            check(dirs == {arch}, '%s: install script uses only %s/' % (where, arch), dirs)

        installed, error = installed_files('msys2-' + arch, '/' + arch, setup_args)
        if not check(installed is not None, '%s: meson configures with its options' % where,
                     error):
            continue
        # Built on Linux here: executables have no .exe.
        expected = [re.sub(r'\.exe$', '', f) for f in values['_installed']]
        check_layout(where, installed, expected, ['bin/gofer-relay'])

    srcdir = os.path.normpath(os.path.join(MSYS2_DIR, '..'))
    check(os.path.isfile(os.path.join(srcdir, 'meson.build')),
          'PKGBUILD: the tree it builds (msys2/..) has meson.build')


# Shared -------------------------------------------------------------------

def check_metainfo_release():
    text = open(os.path.join(SOURCE_ROOT, 'data', BASE_ID + '.metainfo.xml.in')).read()
    m = re.search(r'<release\s+version="([^"]+)"', text)
    check(m is not None and m.group(1) == VERSION,
          'metainfo: the newest release is the meson version %s' % VERSION,
          m.group(1) if m else 'no <release>')


def main():
    os.makedirs(WORK_DIR, exist_ok=True)
    check_flatpak()
    check_msys2()
    check_metainfo_release()
    return finish()


if __name__ == '__main__':
    sys.exit(main())
