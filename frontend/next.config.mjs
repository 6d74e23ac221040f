// The reference front end: every page is rendered on the server from the CMS's API
// (CMS_API_URL), on each request; nothing else is fetched, at build time or at run time.
/** @type {import('next').NextConfig} */
const nextConfig = {
  trailingSlash: true, // the CMS's own paths end with a slash: /fr/actualites/
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
  async redirects() {
    return [{ source: "/", destination: "/en/", permanent: false }];
  },
};
export default nextConfig;
