//! A worker process's stdout and stderr, read by the batch thread that waits for the
//! worker: its entry lines come on stdout, and the end of its stderr tells how it died
//! (an out-of-memory message, a stack overflow).
//!
//! Both pipes are read in one `poll(2)` loop on the waiting thread, so that neither
//! fills up while the other is waited for, without a reader thread per pipe: two
//! threads per worker, started, scheduled and ended, were ~0.2 ms of a one-file run's
//! CPU (docs/speed-rounds.md, round 4).

use std::io::Read as _;
use std::os::fd::AsRawFd as _;
use std::process::{ChildStderr, ChildStdout};
use std::time::Instant;

/// Bytes read from a pipe at a time (an entry line is ~1 KiB).
const CHUNK: usize = 8 << 10;

/// What [`Pipes::next_line`] found.
#[derive(Debug)]
pub enum Next {
    /// One line of stdout, with its newline.
    Line(Vec<u8>),
    /// stdout is closed (the worker is ending) and holds no further line.
    Closed,
    /// The deadline passed first.
    TimedOut,
}

/// The two output pipes of one worker.
#[derive(Debug)]
pub struct Pipes {
    out: Option<ChildStdout>,
    err: Option<ChildStderr>,
    /// stdout read past the last complete line.
    pending: Vec<u8>,
    /// The end of stderr, at most `keep` bytes.
    tail: Vec<u8>,
    keep: usize,
}

impl Pipes {
    /// Read `out` and `err`, keeping the last `keep` bytes of `err`.
    pub fn new(out: ChildStdout, err: ChildStderr, keep: usize) -> Self {
        Pipes {
            out: Some(out),
            err: Some(err),
            pending: Vec::new(),
            tail: Vec::new(),
            keep,
        }
    }

    /// Forget what stderr said so far (before a new file).
    pub fn clear_tail(&mut self) {
        self.tail.clear();
    }

    /// The end of what stderr said.
    pub fn tail(&self) -> &[u8] {
        &self.tail
    }

    /// The next line of stdout, waiting for it until `deadline`; stderr is read
    /// meanwhile.
    pub fn next_line(&mut self, deadline: Instant) -> std::io::Result<Next> {
        loop {
            if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                return Ok(Next::Line(self.pending.drain(..=end).collect()));
            }
            if self.out.is_none() {
                return Ok(Next::Closed);
            }
            if Instant::now() >= deadline {
                return Ok(Next::TimedOut);
            }
            self.wait(deadline)?;
        }
    }

    /// Read stderr to its end (the worker has exited), or until `deadline`.
    pub fn drain_err(&mut self, deadline: Instant) {
        self.out = None;
        while self.err.is_some() && Instant::now() < deadline {
            if self.wait(deadline).is_err() {
                break;
            }
        }
    }

    /// Wait until a pipe has something (or is closed) or `deadline` passes, and read
    /// once from each pipe that is ready.
    fn wait(&mut self, deadline: Instant) -> std::io::Result<()> {
        let fd = |p: Option<i32>| libc::pollfd {
            fd: p.unwrap_or(-1),
            events: libc::POLLIN,
            revents: 0,
        };
        let mut fds = [
            fd(self.out.as_ref().map(|p| p.as_raw_fd())),
            fd(self.err.as_ref().map(|p| p.as_raw_fd())),
        ];
        let left = deadline.saturating_duration_since(Instant::now());
        // rounded up: a wait shorter than a millisecond must not spin
        let ms = i32::try_from(left.as_micros().div_ceil(1000)).unwrap_or(i32::MAX);
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call;
        // a negative fd is ignored by poll.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            return match e.kind() {
                std::io::ErrorKind::Interrupted => Ok(()),
                _ => Err(e),
            };
        }
        let [out, err] = fds;
        if out.revents != 0 {
            self.read_out();
        }
        if err.revents != 0 {
            self.read_err();
        }
        Ok(())
    }

    fn read_out(&mut self) {
        let Some(pipe) = self.out.as_mut() else {
            return;
        };
        let mut chunk = [0u8; CHUNK];
        match pipe.read(&mut chunk) {
            Ok(0) => self.out = None,
            Ok(n) => self
                .pending
                .extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => self.out = None,
        }
    }

    fn read_err(&mut self) {
        let Some(pipe) = self.err.as_mut() else {
            return;
        };
        let mut chunk = [0u8; CHUNK];
        match pipe.read(&mut chunk) {
            Ok(0) => self.err = None,
            Ok(n) => {
                self.tail
                    .extend_from_slice(chunk.get(..n).unwrap_or_default());
                let excess = self.tail.len().saturating_sub(self.keep);
                self.tail.drain(..excess);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => self.err = None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};
    use std::time::Duration;

    fn sh(script: &str) -> (std::process::Child, Pipes) {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pipes = Pipes::new(
            child.stdout.take().unwrap(),
            child.stderr.take().unwrap(),
            8,
        );
        (child, pipes)
    }

    #[test]
    fn lines_come_one_by_one_and_stderr_keeps_its_end() {
        let (mut child, mut p) = sh("printf 'a\\nb'; printf '0123456789abc' >&2; printf 'c\\n'");
        let deadline = Instant::now() + Duration::from_secs(10);
        assert!(matches!(p.next_line(deadline).unwrap(), Next::Line(l) if l == b"a\n"));
        assert!(matches!(p.next_line(deadline).unwrap(), Next::Line(l) if l == b"bc\n"));
        assert!(matches!(p.next_line(deadline).unwrap(), Next::Closed));
        child.wait().unwrap();
        p.drain_err(deadline);
        assert_eq!(p.tail(), b"56789abc");
    }

    #[test]
    fn a_silent_process_times_out() {
        let (mut child, mut p) = sh("sleep 5");
        let start = Instant::now();
        let got = p.next_line(start + Duration::from_millis(50)).unwrap();
        assert!(matches!(got, Next::TimedOut));
        assert!(start.elapsed() < Duration::from_secs(4));
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
