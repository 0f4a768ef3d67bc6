package dev.jipc.sysv;

/**
 * Owner, creator and permission bits of a SysV object (C's {@code struct ipc_perm}).
 *
 * @param uid owner's user id
 * @param gid owner's group id
 * @param creatorUid creator's user id
 * @param creatorGid creator's group id
 * @param mode the permission bits ({@code 0600}), without the kernel's state flags
 */
public record IpcPermissions(int uid, int gid, int creatorUid, int creatorGid, int mode) {
    static IpcPermissions of(dev.jipc.internal.Ipc.Perm p) {
        return new IpcPermissions(p.uid(), p.gid(), p.cuid(), p.cgid(), p.mode() & 0777);
    }

    @Override
    public String toString() {
        return String.format("uid %d gid %d (creator %d/%d) mode %04o", uid, gid, creatorUid, creatorGid, mode);
    }
}
