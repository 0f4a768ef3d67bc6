#!/usr/bin/perl
# catsock-client [PATH]: connects to the Unix-domain socket at PATH (default "catsock") and
# copies what the server sends to standard output.
use strict;
use warnings;
use Socket;

my $path = shift // 'catsock';
socket(my $conn, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!\n";
connect($conn, sockaddr_un($path)) or die "connect to $path: $!\n";
while (defined(my $line = <$conn>)) {
    print $line;
}
close $conn;
