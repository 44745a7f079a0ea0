//! The TCP side: accepting connections, and hanging up on one.
//!
//! A hang-up must look like a flaky network to the client: the request went
//! out, and the connection closed without any answer. A handler cannot get
//! that from HTTP alone (any response it returns gets written), so every
//! connection is wrapped in a [`Connection`] that the handler can sever by the
//! client's address: from then on every read and write on it fails, the
//! server drops it without writing the response, and the client sees the
//! connection closed before a response.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use poem::http::uri::Scheme;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The open connections by the client's address, each with its "severed" flag.
#[derive(Clone, Default)]
pub(crate) struct Connections(Arc<Mutex<HashMap<SocketAddr, Arc<AtomicBool>>>>);

impl Connections {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SocketAddr, Arc<AtomicBool>>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Severs the connection of the client at `remote`: it closes without
    /// an answer to the request being handled.
    pub fn sever(&self, remote: &RemoteAddr) {
        let flag = remote
            .as_socket_addr()
            .and_then(|addr| self.lock().get(addr).cloned());
        if let Some(flag) = flag {
            flag.store(true, Ordering::SeqCst);
        }
    }
}

/// Accepts TCP connections and registers each in [`Connections`].
pub(crate) struct Acceptor {
    listener: TcpListener,
    local: SocketAddr,
    connections: Connections,
}

impl Acceptor {
    pub fn new(listener: TcpListener, connections: Connections) -> io::Result<Self> {
        let local = listener.local_addr()?;
        Ok(Acceptor {
            listener,
            local,
            connections,
        })
    }
}

impl poem::listener::Acceptor for Acceptor {
    type Io = Connection;

    fn local_addr(&self) -> Vec<LocalAddr> {
        vec![LocalAddr(self.local.into())]
    }

    async fn accept(&mut self) -> io::Result<(Connection, LocalAddr, RemoteAddr, Scheme)> {
        let (stream, peer) = self.listener.accept().await?;
        let severed = Arc::new(AtomicBool::new(false));
        self.connections.lock().insert(peer, Arc::clone(&severed));
        let connection = Connection {
            stream,
            peer,
            severed,
            connections: self.connections.clone(),
        };
        Ok((
            connection,
            LocalAddr(self.local.into()),
            RemoteAddr(peer.into()),
            Scheme::HTTP,
        ))
    }
}

/// A TCP connection that fails every read and write once severed.
pub(crate) struct Connection {
    stream: TcpStream,
    peer: SocketAddr,
    severed: Arc<AtomicBool>,
    connections: Connections,
}

impl Connection {
    fn check(&self) -> io::Result<()> {
        if self.severed.load(Ordering::SeqCst) {
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the fake Telegram hung up",
            ))
        } else {
            Ok(())
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let mut open = self.connections.lock();
        // A newer connection may already use the same client address.
        if open
            .get(&self.peer)
            .is_some_and(|flag| Arc::ptr_eq(flag, &self.severed))
        {
            open.remove(&self.peer);
        }
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
