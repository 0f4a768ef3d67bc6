#!/usr/bin/perl
# hello_fork_server.pl [PORT]
#
# The Perl side of the hello-server benchmark in jipc-bench/run-net: a forking TCP server on
# 127.0.0.1 in the manner of the classic Perl multitasking server. For every client the parent
# looks up the peer's name, logs one line to stderr and forks; the child puts the socket on its
# stdout, prints "Hello there, NAME, it's now TIME" with CRLF and exits; the parent closes its copy
# and goes back to accept. Children are reaped from a CHLD handler; an accept interrupted by the
# signal is retried. PORT 0 (the default) lets the kernel pick; the port is printed on stdout once
# the server listens. Runs until killed.
use strict;
use warnings;
use Socket qw(AF_INET PF_INET SOCK_STREAM SOL_SOCKET SO_REUSEADDR SOMAXCONN
              INADDR_LOOPBACK inet_ntoa sockaddr_in);
use POSIX qw(WNOHANG);
use Errno qw(EINTR);

my $port = shift // 0;
$port =~ /^\d+$/ or die "port must be a number: $port\n";

sub note { print STDERR "hello_fork_server $$: @_ at ", scalar localtime, "\n" }

socket(my $listener, PF_INET, SOCK_STREAM, getprotobyname('tcp')) or die "socket: $!";
setsockopt($listener, SOL_SOCKET, SO_REUSEADDR, pack('l', 1)) or die "setsockopt: $!";
bind($listener, sockaddr_in($port, INADDR_LOOPBACK)) or die "bind: $!";
listen($listener, SOMAXCONN) or die "listen: $!";
my ($bound) = sockaddr_in(getsockname($listener));
$| = 1;
print "$bound\n";

# Reap every child that has finished; keep errno intact for the interrupted accept.
$SIG{CHLD} = sub {
    local ($!, $?);
    1 while waitpid(-1, WNOHANG) > 0;
};

while (1) {
    my $paddr = accept(my $client, $listener);
    unless ($paddr) {
        next if $! == EINTR;
        die "accept: $!";
    }
    my ($peer_port, $peer_addr) = sockaddr_in($paddr);
    my $name = gethostbyaddr($peer_addr, AF_INET) // inet_ntoa($peer_addr);
    note "connection from $name [", inet_ntoa($peer_addr), "] at port $peer_port";
    my $pid = fork;
    if (!defined $pid) {
        note "cannot fork: $!";
    } elsif ($pid == 0) {
        close $listener;
        open(STDOUT, '>&', $client) or die "dup client to stdout: $!";
        $| = 1;
        print "Hello there, $name, it's now ", scalar localtime, "\r\n";
        exit 0;
    }
    close $client;
}
