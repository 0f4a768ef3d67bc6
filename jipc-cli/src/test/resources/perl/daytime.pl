#!/usr/bin/perl
# daytime [HOST [SERVICE]]: prints what the daytime service of HOST (default localhost) says.
# SERVICE is a number, a name from the services database, or "name(number)" where the number is
# used when the name is unknown; the default is "daytime(13)".
use strict;
use warnings;
use IO::Socket::INET;

my $host = shift // 'localhost';
my $service = shift // 'daytime(13)';
my $conn = IO::Socket::INET->new(Proto => 'tcp', PeerAddr => $host, PeerPort => $service)
    or die "daytime: cannot connect to $service on $host: $@\n";
binmode $conn;
binmode STDOUT;
while (<$conn>) {
    print;
}
