#!/usr/bin/perl
# hello-client [HOST [PORT]]: connects over TCP and copies everything the server sends to
# standard output. PORT may be a number or a service name. It has nothing to say, and says so at
# once by shutting down its sending half: a server that hands the connection to a program reading
# its input sees end of file instead of waiting.
use strict;
use warnings;
use Socket;

my $host = shift // 'localhost';
my $port = shift // 2345;
if ($port =~ /\D/) {
    my $service = $port;
    $port = getservbyname($service, 'tcp') or die "hello-client: unknown service '$service'\n";
}
my $addr = inet_aton($host) or die "hello-client: unknown host $host\n";

socket(my $conn, PF_INET, SOCK_STREAM, getprotobyname('tcp')) or die "socket: $!\n";
connect($conn, sockaddr_in($port, $addr)) or die "connect to $host port $port: $!\n";
shutdown($conn, 1) or die "shutdown: $!\n";
binmode $conn;
binmode STDOUT;
while (my $line = <$conn>) {
    print $line;
}
close $conn or die "close: $!\n";
