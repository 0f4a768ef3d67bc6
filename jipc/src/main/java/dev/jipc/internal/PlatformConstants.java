package dev.jipc.internal;

import dev.jipc.UnsupportedPlatformException;

/**
 * The numbers that differ between operating systems and CPUs: flags, commands, struct sizes.
 *
 * <p>Components are named exactly like the C macros they stand for, so a test can print each one
 * from a tiny C program and compare. {@code SIZEOF_X} means {@code sizeof(struct x)} (or, for a name ending
 * in {@code _T}, {@code sizeof(x_t)} of the typedef) and
 * {@code OFFSETOF_X__F} means {@code offsetof(struct x, f)}. One instance exists per supported
 * OS/CPU pair, in a class of its own ({@link LinuxX86_64}, {@link LinuxAarch64}); a port adds one
 * more. Being a record, its fields are trusted as constant by the JIT once read from
 * {@link #CURRENT}.
 */
@SuppressWarnings("checkstyle:MemberName")
public record PlatformConstants(
        String name,
        // fcntl.h
        int O_RDONLY, int O_WRONLY, int O_RDWR, int O_CREAT, int O_EXCL, int O_NOCTTY, int O_TRUNC,
        int O_APPEND, int O_NONBLOCK, int O_CLOEXEC, int O_PATH, int O_DIRECTORY, int O_NOFOLLOW,
        int F_DUPFD_CLOEXEC, int F_GETFD, int F_SETFD, int FD_CLOEXEC, int F_GETFL, int F_SETFL,
        int F_SETPIPE_SZ, int F_GETPIPE_SZ, int AT_FDCWD,
        // sys/stat.h
        int S_IFMT, int S_IFIFO, int S_IFSOCK, int S_IFREG,
        // sys/epoll.h
        int EPOLLIN, int EPOLLOUT, int EPOLLERR, int EPOLLHUP, int EPOLLRDHUP, int EPOLLONESHOT,
        int EPOLL_CTL_ADD, int EPOLL_CTL_DEL, int EPOLL_CTL_MOD, int EPOLL_CLOEXEC,
        int SIZEOF_EPOLL_EVENT, int OFFSETOF_EPOLL_EVENT__DATA,
        // poll.h
        int POLLIN, int POLLOUT, int POLLERR, int POLLHUP, int POLLNVAL, int SIZEOF_POLLFD,
        // limits.h
        int PIPE_BUF,
        // spawn.h
        int POSIX_SPAWN_SETPGROUP, int POSIX_SPAWN_SETSIGDEF, int POSIX_SPAWN_SETSIGMASK, int POSIX_SPAWN_SETSID,
        int SIZEOF_POSIX_SPAWNATTR_T, int SIZEOF_POSIX_SPAWN_FILE_ACTIONS_T,
        // signal.h
        int SIZEOF_SIGSET_T,
        // sys/wait.h
        int WNOHANG,
        // sys/ipc.h
        int IPC_CREAT, int IPC_EXCL, int IPC_NOWAIT, int IPC_RMID, int IPC_SET, int IPC_STAT,
        int SIZEOF_IPC_PERM, int OFFSETOF_IPC_PERM__UID, int OFFSETOF_IPC_PERM__GID, int OFFSETOF_IPC_PERM__CUID,
        int OFFSETOF_IPC_PERM__CGID, int OFFSETOF_IPC_PERM__MODE,
        // sys/sem.h
        int SEM_UNDO, int GETPID, int GETVAL, int GETALL, int GETNCNT, int GETZCNT, int SETVAL, int SETALL,
        int SIZEOF_SEMID_DS, int OFFSETOF_SEMID_DS__SEM_OTIME, int OFFSETOF_SEMID_DS__SEM_CTIME,
        int OFFSETOF_SEMID_DS__SEM_NSEMS, int SIZEOF_SEMBUF,
        // sys/msg.h
        int MSG_NOERROR, int MSG_EXCEPT,
        int SIZEOF_MSQID_DS, int OFFSETOF_MSQID_DS__MSG_STIME, int OFFSETOF_MSQID_DS__MSG_RTIME,
        int OFFSETOF_MSQID_DS__MSG_CTIME, int OFFSETOF_MSQID_DS____MSG_CBYTES, int OFFSETOF_MSQID_DS__MSG_QNUM,
        int OFFSETOF_MSQID_DS__MSG_QBYTES, int OFFSETOF_MSQID_DS__MSG_LSPID, int OFFSETOF_MSQID_DS__MSG_LRPID,
        // sys/shm.h
        int SHM_RDONLY, int SHM_DEST,
        int SIZEOF_SHMID_DS, int OFFSETOF_SHMID_DS__SHM_SEGSZ, int OFFSETOF_SHMID_DS__SHM_ATIME,
        int OFFSETOF_SHMID_DS__SHM_DTIME, int OFFSETOF_SHMID_DS__SHM_CTIME, int OFFSETOF_SHMID_DS__SHM_CPID,
        int OFFSETOF_SHMID_DS__SHM_LPID, int OFFSETOF_SHMID_DS__SHM_NATTCH,
        // limits.h, stdio.h, sys/mman.h (POSIX shared memory)
        int NAME_MAX, int SEEK_END, int PROT_READ, int PROT_WRITE, int MAP_SHARED,
        // mqueue.h
        int SIZEOF_MQ_ATTR, int OFFSETOF_MQ_ATTR__MQ_FLAGS, int OFFSETOF_MQ_ATTR__MQ_MAXMSG,
        int OFFSETOF_MQ_ATTR__MQ_MSGSIZE, int OFFSETOF_MQ_ATTR__MQ_CURMSGS,
        // sys/socket.h
        int AF_UNIX, int AF_INET, int AF_INET6, int AF_UNSPEC, int SOCK_STREAM, int SOCK_DGRAM,
        int SOCK_NONBLOCK, int SOCK_CLOEXEC, int SOL_SOCKET, int SO_REUSEADDR, int SO_REUSEPORT,
        int SO_KEEPALIVE, int SO_SNDBUF, int SO_RCVBUF, int SO_LINGER, int SO_ERROR, int SO_BROADCAST,
        int SO_PEERCRED, int SO_TYPE, int SOMAXCONN, int SCM_RIGHTS, int MSG_NOSIGNAL, int MSG_TRUNC,
        int MSG_CTRUNC, int MSG_CMSG_CLOEXEC, int MSG_DONTWAIT, int SHUT_RD, int SHUT_WR, int SHUT_RDWR,
        int SIZEOF_SOCKADDR_STORAGE, int SIZEOF_MSGHDR, int OFFSETOF_MSGHDR__MSG_NAME,
        int OFFSETOF_MSGHDR__MSG_NAMELEN, int OFFSETOF_MSGHDR__MSG_IOV, int OFFSETOF_MSGHDR__MSG_IOVLEN,
        int OFFSETOF_MSGHDR__MSG_CONTROL, int OFFSETOF_MSGHDR__MSG_CONTROLLEN, int OFFSETOF_MSGHDR__MSG_FLAGS,
        int SIZEOF_IOVEC, int OFFSETOF_IOVEC__IOV_BASE, int OFFSETOF_IOVEC__IOV_LEN, int SIZEOF_CMSGHDR,
        int OFFSETOF_CMSGHDR__CMSG_LEN, int OFFSETOF_CMSGHDR__CMSG_LEVEL, int OFFSETOF_CMSGHDR__CMSG_TYPE,
        int SIZEOF_UCRED, int OFFSETOF_UCRED__PID, int OFFSETOF_UCRED__UID, int OFFSETOF_UCRED__GID,
        int SIZEOF_LINGER, int OFFSETOF_LINGER__L_ONOFF, int OFFSETOF_LINGER__L_LINGER,
        // netinet/in.h, netinet/tcp.h
        int IPPROTO_IP, int IPPROTO_IPV6, int IPPROTO_TCP, int IPPROTO_UDP, int TCP_NODELAY, int TCP_CONGESTION,
        int IP_ADD_MEMBERSHIP, int IP_DROP_MEMBERSHIP, int IP_MULTICAST_LOOP, int IP_MULTICAST_TTL,
        int IP_MULTICAST_IF, int IP_TOS, int IPV6_JOIN_GROUP, int IPV6_LEAVE_GROUP, int IPV6_MULTICAST_LOOP, int IPV6_MULTICAST_IF,
        int IPV6_MULTICAST_HOPS, int IPV6_V6ONLY, int SIZEOF_SOCKADDR_IN,
        int OFFSETOF_SOCKADDR_IN__SIN_FAMILY, int OFFSETOF_SOCKADDR_IN__SIN_PORT,
        int OFFSETOF_SOCKADDR_IN__SIN_ADDR, int SIZEOF_SOCKADDR_IN6, int OFFSETOF_SOCKADDR_IN6__SIN6_PORT,
        int OFFSETOF_SOCKADDR_IN6__SIN6_FLOWINFO, int OFFSETOF_SOCKADDR_IN6__SIN6_ADDR,
        int OFFSETOF_SOCKADDR_IN6__SIN6_SCOPE_ID, int SIZEOF_IP_MREQN, int OFFSETOF_IP_MREQN__IMR_MULTIADDR,
        int OFFSETOF_IP_MREQN__IMR_ADDRESS, int OFFSETOF_IP_MREQN__IMR_IFINDEX, int SIZEOF_IPV6_MREQ,
        int OFFSETOF_IPV6_MREQ__IPV6MR_MULTIADDR, int OFFSETOF_IPV6_MREQ__IPV6MR_INTERFACE,
        // sys/un.h
        int SIZEOF_SOCKADDR_UN, int OFFSETOF_SOCKADDR_UN__SUN_PATH,
        // netdb.h
        int AI_PASSIVE, int AI_NUMERICHOST, int AI_ADDRCONFIG, int NI_NAMEREQD, int NI_NUMERICHOST,
        int NI_MAXHOST, int EAI_NONAME, int EAI_AGAIN, int EAI_FAIL, int EAI_SERVICE, int EAI_SYSTEM,
        int EAI_NODATA, int SIZEOF_ADDRINFO, int OFFSETOF_ADDRINFO__AI_FLAGS,
        int OFFSETOF_ADDRINFO__AI_FAMILY, int OFFSETOF_ADDRINFO__AI_SOCKTYPE,
        int OFFSETOF_ADDRINFO__AI_PROTOCOL, int OFFSETOF_ADDRINFO__AI_ADDRLEN, int OFFSETOF_ADDRINFO__AI_ADDR,
        int OFFSETOF_ADDRINFO__AI_NEXT, int SIZEOF_SERVENT, int OFFSETOF_SERVENT__S_PORT,
        // termios.h and the terminal requests of sys/ioctl.h: a record of their own, as one
        // record can hold at most 254 components
        TerminalConstants terminal) {

    private static final PlatformConstants DETECTED = detect();

    /**
     * The constants of the running platform.
     *
     * @throws UnsupportedPlatformException on an OS/CPU jipc has no constants for
     */
    public static PlatformConstants current() {
        if (DETECTED == null) {
            throw new UnsupportedPlatformException(
                    "jipc supports Linux on x86_64 and aarch64; this is "
                            + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
        return DETECTED;
    }


    private static PlatformConstants detect() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.equals("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> LinuxX86_64.CONSTANTS;
            case "aarch64", "arm64" -> LinuxAarch64.CONSTANTS;
            default -> null;
        };
    }
}
