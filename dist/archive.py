#!/usr/bin/env python3
"""Deterministic release archives for dist/build.sh (standard library only).

    archive.py zip    STAGE NAME OUT.zip      # STAGE/NAME/** as NAME/** in a zip
    archive.py tar.gz STAGE NAME OUT.tar.gz   # the same as a gzipped tar
    archive.py text   TEMPLATE OUT lf|crlf TARGET [GLIBC]

Every entry gets the mtime SOURCE_DATE_EPOCH, owner 0:0 without names, mode 0755 for
folders and programs and 0644 for the rest; entries are sorted by path (bytes of UTF-8).
Zip names carry the UTF-8 flag, so that Windows Explorer shows 使用说明.txt and
示例站点 rather than mojibake; the gzip header has no file name and the same time.
"""

import gzip
import io
import os
import sys
import tarfile
import time
import zipfile

EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))


def entries(stage, name):
    """(archive path, file path or None for a folder) of STAGE/NAME, sorted."""
    out = [(name + "/", None)]
    top = os.path.join(stage, name)
    for dirpath, dirnames, filenames in os.walk(top):
        rel = os.path.relpath(dirpath, stage).replace(os.sep, "/")
        for d in dirnames:
            out.append((f"{rel}/{d}/", None))
        for f in filenames:
            out.append((f"{rel}/{f}", os.path.join(dirpath, f)))
    out.sort(key=lambda e: e[0].encode("utf-8"))
    return out


def executable(path):
    base = os.path.basename(path)
    return base in ("bulletin", "bulletin.exe")


def write_zip(stage, name, out):
    # A zip's time is local MS-DOS time: write it as UTC, whatever the machine's zone.
    stamp = time.gmtime(max(EPOCH, 315532800))[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for arc, path in entries(stage, name):
            info = zipfile.ZipInfo(arc, date_time=stamp)
            info.create_system = 3  # unix, so that the modes below are read
            if path is None:
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, b"")
                continue
            mode = 0o100755 if executable(path) else 0o100644
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())


def write_tar_gz(stage, name, out):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for arc, path in entries(stage, name):
            info = tarfile.TarInfo(arc.rstrip("/"))
            info.mtime = EPOCH
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if path is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                t.addfile(info)
                continue
            info.mode = 0o755 if executable(path) else 0o644
            with open(path, "rb") as f:
                data = f.read()
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    with open(out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=EPOCH, compresslevel=9) as g:
            g.write(buf.getvalue())


def write_text(template, out, eol, target, glibc=""):
    """使用说明.txt for one target: the lines between `[windows]`/`[linux]` markers are
    kept for that system only; CRLF and a BOM on Windows, where Notepad expects them.
    `{glibc}` says what the Linux program needs: GLIBC is the oldest glibc it runs on
    (measured by build.sh from the binary); without it (musl) the program is static, and
    the lines that start with `{gnu}` are left out."""
    system = "windows" if "windows" in target else "linux"
    exe = "bulletin.exe" if system == "windows" else "./bulletin"
    if glibc:
        needs = f"需要 glibc {glibc} 或更高版本"
    else:
        needs = "是静态链接的，不依赖系统里的 glibc"
    keep = True
    lines = []
    with open(template, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.strip() in ("[windows]", "[linux]"):
                keep = line.strip() == f"[{system}]"
                continue
            if line.strip() == "[end]":
                keep = True
                continue
            if line.startswith("{gnu}"):  # a line for the glibc builds only
                if not glibc:
                    continue
                line = line[len("{gnu}"):]
            if keep:
                for key, value in (("{exe}", exe), ("{target}", target), ("{glibc}", needs)):
                    line = line.replace(key, value)
                lines.append(line)
    nl = "\r\n" if eol == "crlf" else "\n"
    text = nl.join(lines) + nl
    with open(out, "wb") as f:
        if system == "windows":
            f.write(b"\xef\xbb\xbf")
        f.write(text.encode("utf-8"))


def main(argv):
    if len(argv) == 5 and argv[1] == "zip":
        write_zip(argv[2], argv[3], argv[4])
    elif len(argv) == 5 and argv[1] == "tar.gz":
        write_tar_gz(argv[2], argv[3], argv[4])
    elif len(argv) in (6, 7) and argv[1] == "text":
        write_text(*argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
