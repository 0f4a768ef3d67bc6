#!/usr/bin/perl
# time-client [--port PORT] HOST...: asks each HOST for its clock over TCP (RFC 868) and prints
# how far it is from ours, one host per line, after a line for this machine.
use strict;
use warnings;
use Socket;

my $SECS_1900_TO_1970 = 2_208_988_800;
my $port = getservbyname('time', 'tcp') || 37;
if (@ARGV && $ARGV[0] eq '--port') {
    shift;
    $port = shift;
}
die "usage: time-client [--port PORT] HOST...\n" unless @ARGV && $port =~ /^\d+$/;

sub ctime { scalar localtime(shift // time()) }

$| = 1;
printf "%-24s %8s %s\n", 'localhost', 0, ctime();
for my $host (@ARGV) {
    printf "%-24s ", $host;
    my $addr = inet_aton($host) or die "unknown host $host\n";
    socket(my $conn, PF_INET, SOCK_STREAM, getprotobyname('tcp')) or die "socket: $!\n";
    connect($conn, sockaddr_in($port, $addr)) or die "connect: $!\n";
    my $got = '';
    while (length($got) < 4) {
        my $n = sysread($conn, $got, 4 - length($got), length($got));
        die "short answer\n" unless $n;
    }
    close $conn;
    my $theirs = unpack('N', $got) - $SECS_1900_TO_1970;
    printf "%8d %s\n", $theirs - time(), ctime($theirs);
}
