-- wrk script: POST /api/preview (typeset a Chỉ thị and render its pages to PNG) with a session
-- cookie and its CSRF token; the body is the file named by VANTHU_PREVIEW_BODY. Set
-- VANTHU_PREVIEW_QUERY to "format=pdf" to measure typesetting alone.
local f = assert(io.open(os.getenv("VANTHU_PREVIEW_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.path = "/api/preview?" .. (os.getenv("VANTHU_PREVIEW_QUERY") or "dpi=64")
wrk.headers["Cookie"] = os.getenv("VANTHU_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("VANTHU_CSRF")
wrk.headers["Content-Type"] = "application/json"
