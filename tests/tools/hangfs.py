#!/usr/bin/python3
"""A FUSE file system with one file, `disk`, backed by a real image file.

While the file named by --hang-flag exists, every read and write of `disk`
blocks, as I/O to a storage path that stopped answering does. Remove the flag
and the blocked requests complete. Used to test sbd's -I I/O timeout.

    hangfs.py IMAGE MOUNTPOINT --hang-flag FLAG
"""
import argparse
import errno
import os
import stat
import time

import fusepy


class HangFS(fusepy.Operations):
    def __init__(self, image, flag):
        self.image = image
        self.flag = flag

    def _wait_while_hung(self):
        while os.path.exists(self.flag):
            time.sleep(0.05)

    def getattr(self, path, fh=None):
        now = time.time()
        if path == "/":
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, st_ctime=now, st_mtime=now, st_atime=now)
        if path == "/disk":
            size = os.path.getsize(self.image)
            return dict(st_mode=stat.S_IFREG | 0o600, st_nlink=1, st_size=size, st_ctime=now, st_mtime=now, st_atime=now)
        raise fusepy.FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        return [".", "..", "disk"]

    def open(self, path, flags):
        if path != "/disk":
            raise fusepy.FuseOSError(errno.ENOENT)
        return 0

    def read(self, path, size, offset, fh):
        self._wait_while_hung()
        with open(self.image, "rb") as f:
            f.seek(offset)
            return f.read(size)

    def write(self, path, data, offset, fh):
        self._wait_while_hung()
        with open(self.image, "r+b") as f:
            f.seek(offset)
            f.write(data)
        return len(data)

    def truncate(self, path, length, fh=None):
        return 0

    def fsync(self, path, datasync, fh):
        return 0

    def flush(self, path, fh):
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("mountpoint")
    parser.add_argument("--hang-flag", required=True)
    args = parser.parse_args()
    # direct_io: no page cache, so every read of the loop device reaches us.
    fusepy.FUSE(HangFS(args.image, args.hang_flag), args.mountpoint, foreground=True, direct_io=True,
                nothreads=False, allow_other=True)


if __name__ == "__main__":
    main()
