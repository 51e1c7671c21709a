//! What a member leaves in this browser (drafts, the sort they chose): the browser's
//! `localStorage`. Reads answer `None` and writes do nothing on the server, when storage is
//! unavailable (private modes, a full quota), or before the page has hydrated, so the server
//! render and hydration never depend on it; read it in an `Effect`.

/// The stored text under `key`.
pub fn get(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::call("getItem", &[key]).and_then(|v| v.as_string())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Stores `value` under `key`.
pub fn set(key: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = browser::call("setItem", &[key, value]);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, value);
    }
}

/// Forgets `key`.
pub fn remove(key: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = browser::call("removeItem", &[key]);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::{JsCast, JsValue};

    /// Calls `localStorage[method](...args)`; `None` when storage is missing or refuses.
    pub fn call(method: &str, args: &[&str]) -> Option<JsValue> {
        let storage = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage"))
            .ok()
            .filter(|s| !s.is_undefined() && !s.is_null())?;
        let f: js_sys::Function = js_sys::Reflect::get(&storage, &JsValue::from_str(method))
            .ok()?
            .dyn_into()
            .ok()?;
        let arg = |i: usize| JsValue::from_str(args.get(i).copied().unwrap_or_default());
        let result = match args.len() {
            1 => f.call1(&storage, &arg(0)),
            2 => f.call2(&storage, &arg(0), &arg(1)),
            _ => f.call0(&storage),
        };
        result.ok().filter(|v| !v.is_null() && !v.is_undefined())
    }
}
