# Perl Expect's side of jipc-bench/run-pty: round trips per second with cat on a pty.
#
#   perl expect_rt.pl N
#
# Sends "hello i\n" and expects the terminal's echo and cat's copy ("hello i\r\nhello i\r\n"),
# N times untimed, then N times timed.
use strict;
use warnings;
use Expect;
use Time::HiRes qw(time);

my $n = shift or die "usage: $0 N\n";
my $cat = Expect->spawn('cat') or die "spawn cat: $!\n";
$cat->log_stdout(0);

sub round_trips {
    for my $i (0 .. $n - 1) {
        my $line = "hello $i";
        $cat->send("$line\n");
        $cat->expect(10, '-ex', "$line\r\n$line\r\n") or die "no answer to $line\n";
    }
}

round_trips();
my $t0 = time;
round_trips();
printf "%.0f\n", $n / (time - $t0);
$cat->hard_close();
