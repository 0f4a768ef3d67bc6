#!/usr/bin/perl
# time-server [--offset SECONDS] [PORT]: the RFC 868 time service over TCP and UDP on the same
# port. A TCP client gets four bytes (seconds since 1900, network order) and the connection is
# closed; any UDP datagram is answered with the same four bytes. --offset makes the clock lie by
# that many seconds, which shows up in the clients' difference column.
use strict;
use warnings;
use Socket;
use IO::Select;

my $SECS_1900_TO_1970 = 2_208_988_800;
$| = 1;
sub note { print "time-server $$: @_ at ", scalar localtime(), "\n" }

my $offset = 0;
if (@ARGV && $ARGV[0] eq '--offset') {
    shift;
    $offset = shift;
    die "time-server: --offset needs a whole number of seconds\n" unless defined $offset && $offset =~ /^-?\d+$/;
}
my $port = shift // 10037;
die "time-server: port must be a number, not '$port'\n" unless $port =~ /^\d+$/;

socket(my $tcp, PF_INET, SOCK_STREAM, getprotobyname('tcp')) or die "socket: $!\n";
setsockopt($tcp, SOL_SOCKET, SO_REUSEADDR, pack('l', 1)) or die "setsockopt: $!\n";
bind($tcp, sockaddr_in($port, INADDR_ANY)) or die "bind tcp port $port: $!\n";
listen($tcp, SOMAXCONN) or die "listen: $!\n";
my ($bound) = sockaddr_in(getsockname($tcp));
socket(my $udp, PF_INET, SOCK_DGRAM, getprotobyname('udp')) or die "socket: $!\n";
bind($udp, sockaddr_in($bound, INADDR_ANY)) or die "bind udp port $bound: $!\n";
note "server started on port $bound";

$SIG{TERM} = $SIG{INT} = sub { note "stopping"; exit 0 };

sub now { pack('N', time() + $offset + $SECS_1900_TO_1970) }

my $ready = IO::Select->new($tcp, $udp);
while (1) {
    for my $fh ($ready->can_read) {
        if ($fh == $tcp) {
            my $peer = accept(my $client, $tcp) or next;
            my (undef, $addr) = sockaddr_in($peer);
            note "tcp request from " . inet_ntoa($addr);
            syswrite($client, now());
            close $client;
        } else {
            my $peer = recv($udp, my $ignored, 512, 0);
            next unless defined $peer;
            my (undef, $addr) = sockaddr_in($peer);
            note "udp request from " . inet_ntoa($addr);
            send($udp, now(), 0, $peer);
        }
    }
}
