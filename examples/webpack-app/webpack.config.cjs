// A default production build: html-webpack-plugin (which minifies the HTML), terser, [contenthash] names.
const path = require('node:path')
const HtmlWebpackPlugin = require('html-webpack-plugin')
const csp = require('@cspkit/webpack')

module.exports = {
  mode: 'production',
  entry: './src/index.js',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].[contenthash].js',
    chunkFilename: '[name].[contenthash].js',
    clean: true,
  },
  plugins: [
    new HtmlWebpackPlugin({ template: './src/index.html' }),
    csp({
      policy: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
      },
    }),
  ],
}
