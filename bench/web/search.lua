-- wrk script: GET /api/search with a session cookie, cycling through typical queries (with and
-- without marks, phrases, a document number, filters). VANTHU_COOKIE comes from web_load.sh.
local queries = {
  "q=thien%20tai", "q=thi%C3%AAn%20tai", "q=phong%20chong%20dich", "q=%22s%E1%BB%91t%20xu%E1%BA%A5t%20huy%E1%BA%BFt%22",
  "q=cap%20uy%20dang&sort=date", "q=01-CT%2FTU", "q=chi%20thi&year=2024", "q=tuyen%20truyen&limit=50",
  "q=Nh%C3%A2n%20d%C3%A2n&offset=20", "q=&kind=CT&sort=date", "q=bao%20cao&signer=dung", "q=ho%20tro%20nhan%20dan",
}
local i = 0
wrk.headers["Cookie"] = os.getenv("VANTHU_COOKIE")
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1])
end
