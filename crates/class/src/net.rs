//! Which network interface the class is served on.
//!
//! By default the one on the default route: laptops with VPN or container adapters
//! list several, and only the one the room's Wi-Fi reaches is useful. The instructor may
//! pick another from [`interfaces`], and all interfaces only when asked.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// Where the class server listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bind {
    /// The address of the interface on the default route.
    DefaultRoute,
    /// One address of this machine, picked by the instructor.
    Addr(IpAddr),
    /// Every interface (the join URL still names the default route's address).
    All,
}

/// One address of one network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// The interface's name (`wlan0`, `en0`).
    pub name: String,
    /// Its address.
    pub addr: IpAddr,
}

/// The address of the interface the default route goes through, if there is one.
pub fn default_route_addr() -> Option<IpAddr> {
    local_ip_address::local_ip().ok()
}

/// Every IPv4 address of this machine except loopback, then the loopback one, for the
/// instructor to pick from.
pub fn interfaces() -> Vec<Interface> {
    let mut list: Vec<Interface> = local_ip_address::list_afinet_netifas()
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, addr)| addr.is_ipv4())
        .map(|(name, addr)| Interface { name, addr })
        .collect();
    list.sort_by_key(|i| (i.addr.is_loopback(), i.name.clone()));
    list
}
