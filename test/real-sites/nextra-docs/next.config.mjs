import nextra from 'nextra'

const withNextra = nextra({
  latex: true,
  search: {
    codeblocks: false
  },
  contentDirBasePath: '/docs'
})

export default withNextra({
  reactStrictMode: true,
  // Added for the test (../SOURCE.md): a static export, as Nextra's static-exports guide configures it.
  output: 'export',
  images: {
    unoptimized: true
  }
})
