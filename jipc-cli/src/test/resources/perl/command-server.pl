#!/usr/bin/perl
# command-server [PORT]: a line-oriented TCP service with a prompt, one client at a time.
# Commands: quit (or exit), date (or time), who, cookie, motd, help; anything else lists them.
# Blank lines only bring the prompt back.
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(AF_INET);

$| = 1;
my $port = shift // 9000;
my $listener = IO::Socket::INET->new(Proto => 'tcp', LocalPort => $port, Listen => SOMAXCONN, ReuseAddr => 1)
    or die "command-server: cannot listen on port $port: $@\n";
print "[Server command-server accepting clients on port ", $listener->sockport, "]\n";
$SIG{TERM} = $SIG{INT} = sub { exit 0 };

sub cookie {
    for my $fortune ('/usr/games/fortune', '/usr/bin/fortune') {
        return scalar `$fortune 2>&1` if -x $fortune;
    }
    return "A socket a day keeps the pipes away.\n";
}

sub motd {
    open(my $f, '<', '/etc/motd') or return "(no /etc/motd)\n";
    local $/;
    return <$f> // '';
}

while (my $client = $listener->accept) {
    $client->autoflush(1);
    print $client "Welcome to command-server; type help for command list.\n";
    my $name = gethostbyaddr($client->peeraddr, AF_INET);
    printf "[Connect from %s]\n", $name // $client->peerhost;
    print $client "Command? ";
    while (<$client>) {
        next unless /\S/;
        if    (/quit|exit/i) { last }
        elsif (/date|time/i) { printf $client "%s\n", scalar localtime() }
        elsif (/who/i)       { print $client scalar `who 2>&1` }
        elsif (/cookie/i)    { print $client cookie() }
        elsif (/motd/i)      { print $client motd() }
        else                 { print $client "Commands: quit date who cookie motd\n" }
    } continue {
        print $client "Command? ";
    }
    close $client;
}
