package dev.jipc.net;

/**
 * Who is at the other end of a connected Unix socket ({@code SO_PEERCRED}): the process id, user id
 * and group id the kernel recorded when the peer connected (or called {@code socketpair}). The
 * kernel vouches for them, so a server can trust them to decide what a client may do.
 *
 * @param pid the peer's process id at connect time
 * @param uid its effective user id
 * @param gid its effective group id
 */
public record PeerCredentials(long pid, int uid, int gid) {}
