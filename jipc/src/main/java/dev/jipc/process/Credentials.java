package dev.jipc.process;

import java.util.List;

/**
 * The identity a {@link JavaChild} switches to before its main method runs: a user id, a group id
 * and the supplementary groups (none unless given).
 *
 * <p>Ids are Linux's unsigned 32-bit {@code uid_t}/{@code gid_t}; {@code -1} (4294967295) is not
 * an id and is refused.
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param groups the supplementary group ids, in order; may be empty
 */
public record Credentials(int uid, int gid, List<Integer> groups) {
    /** Copies the group list and checks the ids. */
    public Credentials {
        groups = List.copyOf(groups);
        check(uid, "uid");
        check(gid, "gid");
        for (int g : groups) {
            check(g, "supplementary group");
        }
    }

    /** That user and group, with no supplementary groups (perlipc's "drop permissions"). */
    public static Credentials of(int uid, int gid) {
        return new Credentials(uid, gid, List.of());
    }

    private static void check(int id, String what) {
        if (id == -1) {
            throw new IllegalArgumentException(what + " -1 (4294967295) is not an id");
        }
    }
}
