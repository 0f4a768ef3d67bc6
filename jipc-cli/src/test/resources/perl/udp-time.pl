#!/usr/bin/perl
# udp-time [--port PORT] HOST...: sends one datagram to the time service of every HOST at once,
# then waits up to ten seconds in total for the answers, printing each as it comes back.
use strict;
use warnings;
use Socket;

my $SECS_1900_TO_1970 = 2_208_988_800;
my $port = getservbyname('time', 'udp') || 37;
if (@ARGV && $ARGV[0] eq '--port') {
    shift;
    $port = shift;
}
die "usage: udp-time [--port PORT] HOST...\n" unless @ARGV && $port =~ /^\d+$/;

socket(my $sock, PF_INET, SOCK_DGRAM, getprotobyname('udp')) or die "socket: $!\n";
bind($sock, sockaddr_in(0, INADDR_ANY)) or die "bind: $!\n";

$| = 1;
printf "%-12s %8s %s\n", 'localhost', 0, scalar localtime();
my $waiting = 0;
for my $host (@ARGV) {
    my $addr = inet_aton($host) or die "unknown host $host\n";
    defined(send($sock, '', 0, sockaddr_in($port, $addr))) or die "send to $host: $!\n";
    $waiting++;
}

my $deadline = time() + 10;
my $want = '';
vec($want, fileno($sock), 1) = 1;
while ($waiting && (my $left = $deadline - time()) > 0) {
    last unless select(my $got = $want, undef, undef, $left);
    my $from = recv($sock, my $answer, 4, 0) or die "recv: $!\n";
    my (undef, $addr) = sockaddr_in($from);
    my $host = gethostbyaddr($addr, AF_INET) // inet_ntoa($addr);
    my $theirs = unpack('N', $answer) - $SECS_1900_TO_1970;
    printf "%-12s %8d %s\n", $host, $theirs - time(), scalar localtime($theirs);
    $waiting--;
}
